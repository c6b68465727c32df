package dev.signet.cli.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external process to its end within a bound: its output (stdout and stderr together) goes
 * to a temporary file, not a pipe, so waiting never depends on reading and a hung process fails its
 * test when the bound passes (it and its descendants are then killed). A tool that cannot be started
 * fails the test; it is never skipped.
 */
public final class Processes {
    private Processes() {}

    /** Exit code and combined output. */
    public record Result(int exitCode, String output) {}

    public static Result run(ProcessBuilder builder, Duration bound) {
        File output = null;
        try {
            output = File.createTempFile("signet-process-", ".out");
            Process process = builder.redirectErrorStream(true)
                    .redirectOutput(output)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(builder.command() + " did not finish in " + bound + "; output so far: "
                        + Files.readString(output.toPath(), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(
                    builder.command().get(0) + " is required by this test and could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (output != null) {
                output.delete();
            }
        }
    }
}
