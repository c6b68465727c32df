package dev.signet.server;

import dev.signet.server.http.AwsProtocolService;
import java.net.URI;
import java.util.List;
import java.util.function.Function;

/**
 * A running Signet server: bootstraps the data directory on first start (master key, CA, database,
 * bootstrap admin credentials), then serves every API on one endpoint until closed.
 */
public final class SignetServer implements AutoCloseable {

    public static SignetServer start(ServerConfig config, List<Function<ServerContext, AwsProtocolService>> services) {
        throw new UnsupportedOperationException("TODO infra");
    }

    public int port() {
        throw new UnsupportedOperationException("TODO infra");
    }

    public URI endpoint() {
        throw new UnsupportedOperationException("TODO infra");
    }

    public ServerContext context() {
        throw new UnsupportedOperationException("TODO infra");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("TODO infra");
    }
}
