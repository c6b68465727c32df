package dev.signet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    @TempDir
    Path dir;

    @Test
    void theCryptographyCeilingFollowsFromTheMeasuredCpuAndRates() throws Exception {
        String report = report(
                "machine.cores\t2\nfloor.cms_tsa.cpu_us\t250\nfloor.sign.cpu_us\t25\nfloor.verify.cpu_us\t75\n",
                "{\"client\":\"raw-socket-sigv4\",\"opsPerSecond\":2000,\"opensslSignsPerSecond\":40000,"
                        + "\"rawOpsPerSecond\":80000,\"ratioToOpenssl\":0.05,\"ratioToRaw\":0.025,\"p99Millis\":9}");

        assertThat(report)
                .contains("A raw P-256 verify costs 3.00 raw signs")
                // 2 cores / 250 us = 8,000/s: 0.20x openssl's 40,000/s, 0.10x raw's 80,000/s
                .contains("| 250.0 | 8000 | 0.20x | 0.10x |")
                // sign + verify = 100 us: 20,000/s
                .contains("| 100.0 | 20000 | 0.50x | 0.25x |")
                .contains("The measured SignPayload rate is 25.0% of the first row's ceiling.");
    }

    @Test
    void noCeilingWithoutTheFloorMeasurements() throws Exception {
        assertThat(report("machine.cores\t2\n"))
                .contains("## Targets")
                .doesNotContain("The ceiling the cryptography sets");
    }

    /** {@code results}: KEY<TAB>VALUE lines. */
    private String report(String results, String... loads) throws Exception {
        Results r = new Results();
        results.lines().map(l -> l.split("\t")).forEach(f -> r.add(f[0], Double.parseDouble(f[1])));
        List<Path> loadFiles = new ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            loadFiles.add(Files.writeString(dir.resolve("load-" + i + ".json"), loads[i]));
        }
        Path out = dir.resolve("report.md");
        BenchReport.write(out, "full", 1, "test", "- CPU: test\n", r, loadFiles, Optional.empty());
        return Files.readString(out);
    }
}
