package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar signet.jar server} as a real process: prints the listening line once on stdout,
 * lets client processes find it through the data directory, shuts down cleanly on SIGTERM and
 * keeps its state across a restart.
 */
class ServerProcessIT {
    /** The host is signet.localhost where *.localhost resolves to loopback (LoopbackName), else 127.0.0.1. */
    private static final Pattern LISTENING = Pattern.compile(
            "^Signet listening on http://127\\.0\\.0\\.1:\\d+(?:, endpoint (http://signet\\.localhost:\\d+))?$");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void servesFindsShutsDownAndRestarts() throws Exception {
        Server first = startServer();
        awaitFile(dir.resolve("data/endpoint"));
        assertThat(Files.readString(dir.resolve("data/endpoint")).strip()).isEqualTo(first.url());

        Client put = client("profile", "put", "it_profile", "--platform", "Signet-CMS-SHA256-ECDSA", "--data", "data");
        assertThat(put.exitCode()).as(put.output()).isZero();
        Client export = client("ca", "export", "--data", "data");
        assertThat(export.exitCode()).as(export.output()).isZero();
        assertThat(export.output()).contains("-----BEGIN CERTIFICATE-----");

        first.process().destroy();
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.lines().stream().filter(l -> LISTENING.matcher(l).find()))
                .hasSize(1);
        assertThat(dir.resolve("data/endpoint")).doesNotExist();
        Client down = client("profile", "list", "--data", "data", "--endpoint", first.url());
        assertThat(down.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(down.output()).contains("cannot reach Signet at " + first.url());

        Server second = startServer();
        Client get = client("profile", "get", "it_profile", "--data", "data");
        assertThat(get.exitCode()).as(get.output()).isZero();
        assertThat(get.output()).contains("Active");
        second.process().destroy();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private record Server(Process process, String url, List<String> lines) {}

    private record Client(int exitCode, String output) {}

    private Server startServer() throws Exception {
        Process p = command("server", "--port", "0", "--data", "data")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(p, lines), "server-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            for (String line : lines) {
                var m = LISTENING.matcher(line);
                if (m.find()) {
                    return new Server(
                            p,
                            m.group(1) != null ? m.group(1) : line.substring("Signet listening on ".length()),
                            lines);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no listening line; stdout was: " + lines);
    }

    /** The server writes its endpoint file just after it printed the listening line. */
    private static void awaitFile(Path file) throws InterruptedException {
        for (int i = 0; i < 600 && !Files.isRegularFile(file); i++) {
            Thread.sleep(50);
        }
    }

    private static void readLines(Process p, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(stdout closed: " + e.getMessage() + ")");
        }
    }

    private Client client(String... args) throws Exception {
        Processes.Result r = Processes.run(command(args), Duration.ofSeconds(120));
        return new Client(r.exitCode(), r.output());
    }

    private ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("signet.jar"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        return pb;
    }
}
