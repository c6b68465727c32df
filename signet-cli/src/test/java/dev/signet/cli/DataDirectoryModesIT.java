package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet server} as a real process started under {@code umask 000} on a data directory
 * created 0777 (issue 13, item 13): every directory it keeps is 0700, every file at its top level
 * and in keys/, ca/ and tsa/ is 0600, including the SQLite {@code -wal} and {@code -shm} files that
 * SQLite creates itself and the endpoint file. A data directory owned by another user is refused
 * with one line and a non-zero exit.
 */
class DataDirectoryModesIT {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aServerStartedUnderUmask000KeepsItsDataDirectoryOwnerOnly() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        Process server = underUmask000("server", "--port", "0", "--data", "data")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(server);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(server, lines), "server-stdout");
        reader.setDaemon(true);
        reader.start();
        awaitFile(data.resolve("endpoint"), server, lines);
        // the umask is really 000 in there: the shell reports it
        assertThat(Processes.run(Duration.ofSeconds(30), "sh", "-c", "umask 000 && umask")
                        .output()
                        .strip())
                .isEqualTo("0000");

        try (Stream<Path> all = Files.walk(data)) {
            all.filter(Files::isDirectory)
                    .forEach(d -> assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------"));
        }
        for (String name :
                List.of("master.key", "signet.db", "signet.db-wal", "signet.db-shm", "credentials", "endpoint")) {
            assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");
        }
        for (String sub : List.of("keys", "ca", "tsa")) {
            try (Stream<Path> files = Files.list(data.resolve(sub))) {
                List<Path> list = files.toList();
                assertThat(list).as(sub).isNotEmpty();
                list.forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        }
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aDataDirectoryOwnedByAnotherUserIsRefusedWithOneLine() throws Exception {
        Path foreign = foreignDirectory();
        Processes.Result server =
                Processes.run(command("server", "--port", "0", "--data", foreign.toString()), Duration.ofSeconds(120));
        String text = server.output();

        assertThat(server.exitCode()).as(text).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(text.lines().filter(l -> !l.isBlank() && !l.contains(" INFO ")))
                .as(text)
                .singleElement()
                .asString()
                .contains("is owned by uid")
                .contains("refusing to start");
    }

    /** As root, a fresh directory given to nobody (uid 65534); otherwise the root directory, root's. */
    private Path foreignDirectory() throws IOException {
        if ((Integer) Files.getAttribute(dir, "unix:uid") != 0) {
            return Path.of("/");
        }
        Path foreign = Files.createDirectories(dir.resolve("nobody"));
        Files.setAttribute(foreign, "unix:uid", 65534);
        return foreign;
    }

    private ProcessBuilder underUmask000(String... args) {
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"));
        command.addAll(command(args).command());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        return pb;
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

    /** The server writes its endpoint file once it listens; at most 120 s. */
    private static void awaitFile(Path file, Process server, List<String> lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.isRegularFile(file) && System.nanoTime() < deadline && server.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(file).as("stdout: " + lines).isRegularFile();
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

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
