package dev.signet.server.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference tool (openssl, jarsigner, keytool, osslsigncode, gpg) for a server test. A
 * missing tool fails the test, never skips it; each run is bounded to 120 seconds.
 */
public final class ExternalTool {
    private ExternalTool() {}

    public record Result(int exitCode, String output) {}

    public static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command))
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
}
