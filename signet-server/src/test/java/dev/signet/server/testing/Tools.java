package dev.signet.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real external tool (openssl, unzip, python3, jarsigner, keytool, osslsigncode, gpg) with a
 * 120 s bound. A missing tool fails the test; it is never skipped.
 */
public final class Tools {
    private Tools() {}

    /** Exit code and combined output. */
    public record Result(int exitCode, String output) {}

    /** Runs the command in the test's working directory. */
    public static Result run(String... command) {
        return run(Path.of("."), command);
    }

    public static Result run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command[0] + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(
                    command[0] + " is required by this test and could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs the command and fails the test unless it exits 0; returns its output. */
    public static String ok(Path dir, String... command) {
        Result result = run(dir, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }
}
