package dev.signet.core.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a real external tool (openssl, jarsigner, keytool, gpg, osslsigncode, unzip, python3, ...)
 * through {@link Processes}: output and error merged, each run bounded to 120 seconds. A missing
 * tool fails the test; it is never skipped.
 */
public final class Tools {
    /** How long one tool run may take. */
    public static final Duration BOUND = Duration.ofSeconds(120);

    private Tools() {}

    public static Processes.Result run(String... command) {
        return run(List.of(command));
    }

    public static Processes.Result run(List<String> command) {
        return Processes.run(new ProcessBuilder(command), BOUND);
    }

    /** Runs the command in {@code dir}. */
    public static Processes.Result run(Path dir, String... command) {
        return Processes.run(new ProcessBuilder(command).directory(dir.toFile()), BOUND);
    }

    /** Runs the command in {@code dir} and fails the test unless it exits 0; returns its output. */
    public static String ok(Path dir, String... command) {
        Processes.Result result = run(dir, command);
        if (!result.ok()) {
            throw new AssertionError(
                    String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
        }
        return result.output();
    }
}
