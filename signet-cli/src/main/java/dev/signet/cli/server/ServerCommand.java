package dev.signet.cli.server;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet server}: runs the embedded server until Ctrl-C or SIGTERM, then closes it cleanly.
 * While it runs, {@code DATA/endpoint} holds its URL so that client commands find a server started
 * on {@code --port 0}.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Run the Signet server on 127.0.0.1 (AWS Signer API, S3 object store, /v1) until Ctrl-C.",
            "On first start it creates DATA with the master key, the CA, the database and the",
            "bootstrap admin access key in DATA/credentials (AWS credentials-file format, profile [signet])."
        })
public final class ServerCommand implements Callable<Integer> {
    private static final String HOST = "127.0.0.1";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory (default: $SIGNET_HOME, else ./signet-data).")
    Path data;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = SignetCommand.context(spec);
        if (port < 0 || port > 65535) {
            throw CliException.usage("--port must be 0..65535, got " + port);
        }
        Path dataDir = DataDir.resolve(context, Optional.ofNullable(data));
        SignetServer server = start(new ServerConfig(HOST, port, dataDir));
        Path endpointFile = DataDir.endpointFile(dataDir);
        writeEndpoint(endpointFile, server.endpoint().toString());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, endpointFile, stopped), "signet-shutdown"));
        stopped.await();
        return ExitCode.OK;
    }

    private static SignetServer start(ServerConfig config) {
        try {
            return SignetServer.start(config, ServerServices.all());
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new CliException(
                    ExitCode.UNAVAILABLE,
                    "cannot start the server on " + config.host() + ":" + config.port() + ": " + reason,
                    e);
        }
    }

    private static void stop(SignetServer server, Path endpointFile, CountDownLatch stopped) {
        try {
            Files.deleteIfExists(endpointFile);
        } catch (IOException ignored) {
            // a stale endpoint file only makes clients report "cannot reach"
        }
        try {
            server.close();
        } finally {
            stopped.countDown();
        }
    }

    private static void writeEndpoint(Path file, String url) {
        try {
            Files.writeString(file, url + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            // clients fall back to the default endpoint; the server itself is fine
        }
    }
}
