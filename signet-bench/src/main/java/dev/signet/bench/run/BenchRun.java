package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import dev.signet.bench.TempDirs;
import dev.signet.bench.report.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One benchmark run: its options and sizes, the temporary work directory (removed at the end), the
 * measurements so far and the servers it started (stopped at the end, also when the JVM is asked to
 * exit).
 */
final class BenchRun implements AutoCloseable {
    /** The bound of one measured or preparing process; JMH, which runs every benchmark in one, gets more. */
    static final Duration STEP = Duration.ofMinutes(30);

    final BenchOptions options;
    final Sizes sizes;
    final Path work;
    final Commands commands;
    final Results results = new Results();
    final List<Path> loadFiles = new ArrayList<>();
    Optional<Path> jmhFile = Optional.empty();
    private final List<SignetServerProcess> servers = new ArrayList<>();
    private final Thread cleanup = new Thread(this::close, "bench-cleanup");
    private boolean closed;

    BenchRun(BenchOptions options) {
        this.options = options;
        this.sizes = Sizes.of(options.full());
        this.work = TempDirs.create("signet-bench.");
        this.commands = new Commands(work, Map.of());
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** {@code java -cp <this class path> MAIN ARGS...}: the bench's own programs, each in a fresh JVM. */
    List<String> bench(String main, Object... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), main));
        for (Object a : args) {
            command.add(a.toString());
        }
        return command;
    }

    /** {@code java -jar signet-cli/target/signet.jar ARGS...}. */
    List<String> signet(Object... args) {
        List<String> command =
                new ArrayList<>(List.of(java(), "-jar", options.signetJar().toString()));
        for (Object a : args) {
            command.add(a.toString());
        }
        return command;
    }

    /**
     * {@code java FLAGS -jar signet.jar COMMAND ARGS...} with the JVM flags bin/signet gives that
     * command (the build's {@code signet-cli/target/launch/COMMAND.args}: for a client command, C1 and
     * the class-data archive), so a client measured here starts as users start it.
     */
    List<String> signetAsLaunched(String command, Object... args) {
        List<String> line = new ArrayList<>(List.of(java()));
        line.addAll(launchFlags(command));
        line.addAll(List.of("-jar", options.signetJar().toString(), command));
        for (Object a : args) {
            line.add(a.toString());
        }
        return line;
    }

    /**
     * {@code java FLAGS -cp signet.jar:<this class path> MAIN ARGS...}: a bench program started as
     * bin/signet starts {@code command} (its flags; signet.jar first, so the class-data archive built
     * for it applies and the CLI's classes are the jar's).
     */
    List<String> benchAsLaunched(String command, String main, Object... args) {
        List<String> line = new ArrayList<>(List.of(java()));
        line.addAll(launchFlags(command));
        line.addAll(List.of(
                "-cp", options.signetJar() + java.io.File.pathSeparator + System.getProperty("java.class.path"), main));
        for (Object a : args) {
            line.add(a.toString());
        }
        return line;
    }

    /** The JVM flags the build wrote for {@code command}, one a line. */
    private List<String> launchFlags(String command) {
        Path flags = options.root().resolve("signet-cli/target/launch/" + command + ".args");
        try {
            return Files.readAllLines(flags).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
        } catch (IOException e) {
            throw new BenchFailure(flags + " is missing (the build writes it): " + e.getMessage(), e);
        }
    }

    /**
     * {@code java FLAGS -jar signet.jar server ARGS...} with the JVM flags bin/signet gives the server
     * (the build writes them to {@code signet-cli/target/launch/server.args}, one a line), so a server
     * measured here runs as users run it.
     */
    List<String> signetServer(Object... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(launchFlags("server"));
        command.addAll(List.of("-jar", options.signetJar().toString(), "server"));
        for (Object a : args) {
            command.add(a.toString());
        }
        return command;
    }

    /** bin/signet, the launcher users run. */
    String binSignet() {
        return options.root().resolve("bin/signet").toString();
    }

    /** The java of this JVM (bin/bench started it from PATH). */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void record(String key, double value) {
        results.add(key, value);
    }

    /** {@code text} as a number, or a failure naming the measurement. */
    static double number(String what, String text) {
        try {
            return Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new BenchFailure("no number for " + what + ": '" + text.strip() + "'");
        }
    }

    void log(String message) {
        System.err.println("bench: " + message);
    }

    SignetServerProcess startServer(Path data) {
        return startServer(data, List.of());
    }

    /** A server with more {@code signet server} flags, stopped at the end (or earlier, by its caller). */
    SignetServerProcess startServer(Path data, List<String> flags) {
        SignetServerProcess server = SignetServerProcess.start(this, data, flags);
        servers.add(server);
        return server;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        servers.forEach(SignetServerProcess::close);
        TempDirs.delete(work);
        if (Thread.currentThread() != cleanup) {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }
}
