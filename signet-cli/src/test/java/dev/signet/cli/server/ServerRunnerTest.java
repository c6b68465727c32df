package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.server.ServerConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet server} when it cannot tell clients where it listens: it does not keep running. */
class ServerRunnerTest {

    @Test
    void aServerThatCannotWriteItsEndpointFileStopsAndSaysWhy(@TempDir Path dataDir) throws Exception {
        // a non-empty directory where DATA/endpoint goes: no file can replace it
        Path endpoint = DataDir.endpointFile(dataDir);
        Files.createDirectories(endpoint.resolve("in-the-way"));
        int port = freePort();

        // bounded: a server that ignored the failure would run until shutdown
        CliException failure = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            try {
                ServerRunner.runUntilShutdown(new ServerConfig("127.0.0.1", port, dataDir));
            } catch (CliException e) {
                return e;
            }
            throw new AssertionError("the server ran and stopped without failing");
        });

        assertThat(failure.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(failure.getMessage())
                .contains("cannot write " + endpoint)
                .contains("would otherwise connect to http://127.0.0.1:8080")
                .contains("the server was stopped");
        assertThat(Files.isDirectory(endpoint)).isTrue();
        assertThatThrownBy(() -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    }
                })
                .as("nothing listens on port " + port)
                .isInstanceOf(IOException.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
