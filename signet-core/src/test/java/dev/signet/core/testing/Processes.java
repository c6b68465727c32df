package dev.signet.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external process to its end within a bound; the one process runner of every module's
 * tests. Standard output and error go to temporary files, never to pipes, so the wait does not
 * depend on anyone reading them: a hung or chatty tool fails its test when the bound passes. The
 * process and every descendant it has then are killed by PID, and the test fails with the output
 * so far. Standard input is {@code /dev/null}. A tool that cannot be started fails the test; it is
 * never skipped.
 */
public final class Processes {
    private Processes() {}

    /**
     * How a run ended: the exit code, the standard output (with standard error merged into it, unless
     * the run kept them apart) and the standard error (empty when merged).
     */
    public record Result(int exitCode, String output, String error) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs {@code command} in the working directory, standard error merged into the output. */
    public static Result run(Duration bound, String... command) {
        return run(new ProcessBuilder(List.of(command)), bound);
    }

    /** Runs {@code builder} (its directory and environment), standard error merged into the output. */
    public static Result run(ProcessBuilder builder, Duration bound) {
        return run(builder, bound, true);
    }

    /** Runs {@code builder} with standard output and standard error kept apart. */
    public static Result runSeparately(ProcessBuilder builder, Duration bound) {
        return run(builder, bound, false);
    }

    private static Result run(ProcessBuilder builder, Duration bound, boolean merged) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("signet-process-", ".out");
            builder.redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (merged) {
                builder.redirectErrorStream(true);
            } else {
                err = Files.createTempFile("signet-process-", ".err");
                builder.redirectErrorStream(false).redirectError(err.toFile());
            }
            Process process = start(builder);
            try {
                if (!process.waitFor(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                    killTree(process);
                    throw new AssertionError(String.join(" ", builder.command()) + " did not finish in " + bound
                            + " (killed with its descendants); output so far:\n" + read(out)
                            + (err == null ? "" : read(err)));
                }
            } catch (InterruptedException e) {
                killTree(process);
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + builder.command(), e);
            }
            return new Result(process.exitValue(), read(out), err == null ? "" : read(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    builder.command().get(0) + " is required by this test and could not be run: " + e.getMessage(), e);
        }
    }

    /**
     * Kills {@code process} and every descendant it has now, by PID, and waits (bounded) for the
     * process to be gone. The descendants are listed before the parent dies: once it is gone they are
     * re-parented and no longer found through it.
     */
    public static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Decoded leniently: a tool's output in another encoding must not hide its exit code. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void delete(Path file) {
        if (file != null) {
            file.toFile().delete();
        }
    }
}
