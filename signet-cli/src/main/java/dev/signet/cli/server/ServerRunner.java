package dev.signet.cli.server;

import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.cli.ca.RootFingerprint;
import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.server.config.ServerConfigs;
import dev.signet.core.files.AtomicFiles;
import dev.signet.server.Deployment;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.http.LoopbackName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * Starts the server, then blocks until the JVM shuts down (Ctrl-C, SIGTERM), when a shutdown hook
 * closes it gracefully and the process exits with 0 ({@link #stopOnSignal}). With no configuration
 * it binds 127.0.0.1 and announces {@code http://signet.localhost:PORT} where that name and its
 * prefixed forms resolve to loopback ({@link LoopbackName}), else {@code http://127.0.0.1:PORT};
 * configured, it announces the public URL or the bound address ({@link #announced}). While it runs,
 * {@code DATA/endpoint} holds that URL so that client
 * commands (and scripts) find a server started on {@code --port 0}; a server that cannot write the
 * file does not keep running ({@link #announce}).
 */
final class ServerRunner {
    static final String HOST = "127.0.0.1";

    private ServerRunner() {}

    static void runUntilShutdown(ServerConfig configured) throws InterruptedException {
        Path dataDir = configured.dataDir();
        ServerConfig config = announced(configured);
        Path endpointFile = DataDir.endpointFile(dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        // the hook is in place before the server prints that it listens: a SIGTERM sent as soon as
        // that line is seen still stops it gracefully (one during start-up ends the process at once)
        AtomicReference<SignetServer> running = new AtomicReference<>();
        Thread hook = new Thread(() -> stopOnSignal(running.get(), endpointFile, stopped), "signet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SignetServer server = start(config);
            running.set(server);
            ServerConfigs.plaintextWarning(config, server.port())
                    .ifPresent(LoggerFactory.getLogger(ServerRunner.class)::warn);
            LoggerFactory.getLogger(ServerRunner.class)
                    .info("CA root: SHA-256 fingerprint {}", RootFingerprint.of(server.caRoot()));
            announce(server, endpointFile);
        } catch (RuntimeException e) {
            // a failed start keeps its own exit code: the hook is for signals only
            removeHook(hook);
            throw e;
        }
        stopped.await();
    }

    /**
     * Plain HTTP on loopback with no public URL, as {@code signet server} runs with no configuration, is
     * announced (printed, written to DATA/endpoint) as signet.localhost where *.localhost resolves to
     * loopback, so that clients adding GetRevocationStatus's host prefix still reach this server.
     * Otherwise the public URL or the bound address is announced: a TLS certificate names neither
     * signet.localhost nor its prefixed forms.
     */
    private static ServerConfig announced(ServerConfig config) {
        Deployment deployment = config.deployment();
        boolean local = Deployment.isLoopback(config.host())
                && deployment.tls().isEmpty()
                && deployment.publicUrl().isEmpty();
        return local && config.endpointHost().isEmpty() ? config.withEndpointHost(LoopbackName.choose()) : config;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (a signal came during start-up): the hook runs anyway
        }
    }

    /**
     * SIGTERM, SIGINT or SIGHUP: the only way the JVM shuts down while the server runs (nothing in it
     * calls {@code System.exit}). The server stops gracefully ({@link SignetServer#close}: stop
     * accepting, finish in-flight requests, give unfinished jobs back), then the process exits with 0,
     * a stop that was asked for, instead of the JVM's 128 + signal number; 1 if stopping failed.
     */
    private static void stopOnSignal(SignetServer server, Path endpointFile, CountDownLatch stopped) {
        if (server == null) {
            Runtime.getRuntime().halt(0); // asked to stop while starting: nothing to finish yet
        }
        int status = 0;
        try {
            stop(server, endpointFile, stopped);
        } catch (RuntimeException e) {
            System.err.println("signet: the server did not stop cleanly: " + e);
            status = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private static SignetServer start(ServerConfig config) {
        try {
            return SignetServer.start(config);
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
        } catch (IOException e) {
            // the next start overwrites it (or refuses to run); until then clients are sent to this
            // server's address, where nothing listens
            System.err.println("signet: cannot remove " + endpointFile + ": " + e.getMessage());
        }
        try {
            server.close();
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Writes the server's URL to {@code DATA/endpoint}. A server whose URL cannot be written there is
     * stopped and the command fails (exit code {@value ExitCode#UNAVAILABLE}): client commands on
     * this data directory would otherwise connect to {@link ClientOptions#DEFAULT_ENDPOINT}, or to a
     * stale file's address, which may be another server that then receives their signed requests.
     */
    static void announce(SignetServer server, Path file) {
        try {
            // owner-only like everything in the data directory
            AtomicFiles.write(
                    file, (server.endpoint() + "\n").getBytes(StandardCharsets.UTF_8), AtomicFiles.Mode.OWNER_ONLY);
        } catch (IOException e) {
            server.close();
            throw new CliException(
                    ExitCode.UNAVAILABLE,
                    "cannot write " + file + " (" + e.getMessage() + "); client commands find the server there and"
                            + " would otherwise connect to " + ClientOptions.DEFAULT_ENDPOINT
                            + ", possibly another server, so the server was stopped",
                    e);
        }
    }
}
