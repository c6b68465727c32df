package dev.signet.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real external tool (jarsigner, keytool, gpg, osslsigncode); a missing tool fails the test,
 * it is never skipped. Output and error are merged; each run is bounded to 120 seconds.
 */
public final class Tools {
    private Tools() {}

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result run(String... command) {
        return run(List.of(command));
    }

    public static Result run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish in 120 s: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(
                    command.get(0) + " is required by this test and could not be run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
