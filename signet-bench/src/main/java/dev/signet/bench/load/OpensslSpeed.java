package dev.signet.bench.load;

import dev.signet.bench.Commands;
import dev.signet.bench.TempDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code openssl speed -seconds N ecdsap256} (one process, single core) and parses its sign/s
 * figure. A missing openssl or unparseable output is an error, never a silent zero.
 */
final class OpensslSpeed {
    private OpensslSpeed() {}

    record Result(String version, double signsPerSecond, double verifiesPerSecond) {}

    static Result ecdsaP256(int seconds) {
        String version = run(List.of("openssl", "version"), 30).trim();
        String output =
                run(List.of("openssl", "speed", "-seconds", Integer.toString(seconds), "ecdsap256"), seconds * 3L + 60);
        return parse(version, output);
    }

    /** Parses the {@code 256 bits ecdsa (nistp256)  t  t  sign/s  verify/s} line. */
    static Result parse(String version, String output) {
        for (String line : output.split("\n")) {
            int at = line.indexOf("(nistp256)");
            if (at >= 0 && line.contains("ecdsa")) {
                String[] f = line.substring(at + "(nistp256)".length()).trim().split("\\s+");
                if (f.length >= 4) {
                    return new Result(version, Double.parseDouble(f[2]), Double.parseDouble(f[3]));
                }
            }
        }
        throw new IllegalStateException("could not find the nistp256 line in openssl speed output:\n" + output);
    }

    private static String run(List<String> command, long timeoutSeconds) {
        Path dir = TempDirs.create("signet-openssl-");
        try {
            return new Commands(dir, Map.of())
                    .ok(Duration.ofSeconds(timeoutSeconds), command)
                    .out();
        } finally {
            TempDirs.delete(dir);
        }
    }
}
