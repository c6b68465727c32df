package dev.signet.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a server. The embedded default listens on 127.0.0.1:8080 with everything under
 * {@code ./signet-data}.
 *
 * @param host the address to bind
 * @param port the port, 0 for any free one
 * @param dataDir where the database, objects, keys, CA and credentials live
 */
public record ServerConfig(String host, int port, Path dataDir) {
    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535");
        }
    }

    public static ServerConfig embeddedDefault() {
        return new ServerConfig("127.0.0.1", 8080, Path.of("signet-data"));
    }
}
