package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a run measured, for the report: CPU, memory, the JDK, the peers' versions, the load. */
final class Machine {
    private Machine() {}

    static String describe(BenchRun run) {
        Commands c = run.commands;
        List<String> java = c.ok(BenchRun.STEP, List.of(BenchRun.java(), "-version"))
                .err()
                .lines()
                .toList();
        return String.join(
                        "\n",
                        "- CPU: " + cpuModel() + ", nproc "
                                + Runtime.getRuntime().availableProcessors(),
                        "- Memory: " + memory(),
                        "- Java: " + java.get(0) + (java.size() > 2 ? ", " + java.get(2) : ""),
                        "- OpenSSL: "
                                + firstLine(c.ok(BenchRun.STEP, List.of("openssl", "version"))
                                        .out()),
                        "- Peers: jarsigner of the JDK above (it has no version flag); "
                                + firstLine(c.ok(BenchRun.STEP, List.of("osslsigncode", "--version"))
                                        .out()) + "; "
                                + firstLine(c.ok(BenchRun.STEP, List.of("gpg", "--version"))
                                        .out()),
                        "- Load average at start: "
                                + String.join(
                                        " ",
                                        List.of(read("/proc/loadavg").split(" "))
                                                .subList(0, 3)))
                + "\n";
    }

    private static String cpuModel() {
        return read("/proc/cpuinfo")
                .lines()
                .filter(l -> l.startsWith("model name"))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown");
    }

    private static String memory() {
        return read("/proc/meminfo")
                .lines()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l ->
                        String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0))
                .findFirst()
                .orElse("unknown");
    }

    private static String firstLine(String text) {
        return text.lines().findFirst().orElse("").strip();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new BenchFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
