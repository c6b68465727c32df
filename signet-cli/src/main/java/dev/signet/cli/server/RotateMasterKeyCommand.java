package dev.signet.cli.server;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.SignetServerException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet admin rotate-master-key}: a new master key, with every software key and sealed
 * secret re-sealed under it ({@link MasterKeyRotation}), on the deployment the server settings
 * describe. Every server of the deployment must be stopped; a local one still answering is refused.
 * Interrupted, it is run again to finish.
 */
@Command(
        name = "rotate-master-key",
        mixinStandardHelpOptions = true,
        modelTransformer = ServerCommand.SettingFlags.class,
        description = {
            "Replace the master key: re-seal every software key (profiles, CA, TSA) and every stored",
            "secret (access keys, STS sessions) under a new one. Stop every server of the deployment",
            "first; give the same settings as to signet server (--config, SIGNET_*, flags). Interrupted,",
            "run it again: it finishes what is left. Then give the new key file to every node."
        })
public final class RotateMasterKeyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML configuration file, as for signet server (default: $SIGNET_CONFIG, else none).")
    Path config;

    @Override
    public Integer call() {
        CliContext context = SignetCommand.context(spec);
        ServerConfig server = ServerCommand.serverConfig(spec, Optional.ofNullable(config));
        refuseRunningServer(server.dataDir());
        SignetServer.MasterKeyRotated result;
        try {
            result = SignetServer.rotateMasterKey(server);
        } catch (SignetServerException e) {
            throw new CliException(ExitCode.UNAVAILABLE, e.getMessage());
        }
        context.out()
                .println("re-sealed " + result.keys() + " keys, " + result.accessKeys() + " access keys and "
                        + result.sessions() + " session secrets; the new master key is " + result.keyFile());
        context.out()
                .println("back it up now (the previous key opens nothing any more) and give it to every node"
                        + " before starting them");
        return ExitCode.OK;
    }

    /** A server on this data directory that still answers would keep using the old key. */
    private static void refuseRunningServer(Path dataDir) {
        Path endpointFile = DataDir.endpointFile(dataDir);
        Optional<URI> endpoint;
        try {
            endpoint = Files.isRegularFile(endpointFile) && Files.size(endpointFile) < 1024
                    ? Optional.of(URI.create(Files.readString(endpointFile, StandardCharsets.UTF_8)
                            .strip()))
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            endpoint = Optional.empty();
        }
        if (endpoint.isEmpty()) {
            return;
        }
        try {
            HttpResponse<Void> health = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build()
                    .send(
                            HttpRequest.newBuilder(endpoint.get().resolve("/v1/health"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            throw CliException.usage("a Signet server is running at " + endpoint.get() + " (status "
                    + health.statusCode() + "): stop every server of the deployment before rotating the master key");
        } catch (IOException e) {
            // not answering: the file was left by a server that did not stop cleanly
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNAVAILABLE, "interrupted");
        } catch (IllegalArgumentException e) {
            // an endpoint file that names no URL: no server to ask
        }
    }
}
