package dev.signet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs external processes (the bench's own JVMs, the peers, openssl, the AWS CLI), each within a
 * bound, and times them. Output goes to files in a directory of the caller's, never to pipes, so a
 * chatty process cannot block and a hung one is caught by the bound: it is then killed with its
 * descendants (by PID) and the run fails with what it printed. Standard input is {@code /dev/null}.
 * With {@link #ok}, a non-zero exit is a failure too. Thread-safe.
 */
public final class Commands {
    private final Path work;
    private final Map<String, String> environment;
    private final AtomicInteger sequence = new AtomicInteger();

    /** How one run ended: exit code, standard output and error, and its wall time from start to exit. */
    public record Result(int exitCode, String out, String err, double seconds) {
        /** Field {@code index} (0-based) of the first tab-separated line of the standard output. */
        public String field(int index) {
            String[] fields = out.lines().findFirst().orElse("").split("\t");
            if (index >= fields.length) {
                throw new BenchFailure("expected at least " + (index + 1) + " tab-separated fields in: " + out.strip());
            }
            return fields[index];
        }
    }

    /** Output files go to {@code work}; every process gets {@code environment} added to this JVM's. */
    public Commands(Path work, Map<String, String> environment) {
        this.work = work;
        this.environment = Map.copyOf(environment);
    }

    /** Runs {@code command} and fails the run unless it exits 0 within {@code bound}. */
    public Result ok(Duration bound, List<String> command) {
        return ok(bound, Map.of(), command);
    }

    /** As {@link #ok(Duration, List)}, with extra environment variables. */
    public Result ok(Duration bound, Map<String, String> env, List<String> command) {
        Result r = run(bound, env, command);
        if (r.exitCode() != 0) {
            throw new BenchFailure(String.join(" ", command) + " failed (exit " + r.exitCode() + "):\n" + tail(r));
        }
        return r;
    }

    /** Runs {@code command} within {@code bound}, whatever its exit code. */
    public Result run(Duration bound, Map<String, String> env, List<String> command) {
        int n = sequence.incrementAndGet();
        Path out = work.resolve("cmd-" + n + ".out");
        Path err = work.resolve("cmd-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        builder.environment().putAll(env);
        try {
            long start = System.nanoTime();
            Process process = start(builder);
            if (!process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new BenchFailure(String.join(" ", command) + " did not finish in " + bound.toSeconds()
                        + " s (killed with its descendants):\n" + tail(read(out), read(err)));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(process.exitValue(), read(out), read(err), seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while running " + command.get(0), e);
        } finally {
            out.toFile().delete();
            err.toFile().delete();
        }
    }

    /** Starts a long-lived process (a server) with its output in {@code log}; the caller stops it. */
    public Process background(Path log, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return start(builder);
    }

    /** Kills {@code process} and the descendants it has now, by PID, and waits (bounded) for it. */
    public static void kill(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new BenchFailure(builder.command().get(0) + " could not be started: " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static String tail(Result r) {
        return tail(r.out(), r.err());
    }

    /** The last 40 lines of what a process printed. */
    private static String tail(String out, String err) {
        List<String> lines = new ArrayList<>(out.lines().toList());
        lines.addAll(err.lines().toList());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
