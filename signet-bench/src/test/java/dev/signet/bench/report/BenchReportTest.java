package dev.signet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    @Test
    void theCryptographyCeilingFollowsFromTheMeasuredCpuAndRates(@TempDir Path dir) throws Exception {
        Path results = Files.writeString(
                dir.resolve("results.tsv"),
                "machine.cores\t2\nfloor.cms_tsa.cpu_us\t250\nfloor.sign.cpu_us\t25\nfloor.verify.cpu_us\t75\n");
        Path machine = Files.writeString(dir.resolve("machine.md"), "- CPU: test\n");
        Path load = Files.writeString(
                dir.resolve("load-1.json"),
                "{\"client\":\"raw-socket-sigv4\",\"opsPerSecond\":2000,\"opensslSignsPerSecond\":40000,"
                        + "\"rawOpsPerSecond\":80000,\"ratioToOpenssl\":0.05,\"ratioToRaw\":0.025,\"p99Millis\":9}");
        Path out = dir.resolve("report.md");

        BenchReport.main(new String[] {
            "--mode",
            "full",
            "--runs",
            "1",
            "--machine",
            machine.toString(),
            "--results",
            results.toString(),
            "--jmh",
            "none",
            "--out",
            out.toString(),
            "--sizes",
            "test",
            load.toString()
        });

        String report = Files.readString(out);
        assertThat(report)
                .contains("A raw P-256 verify costs 3.00 raw signs")
                // 2 cores / 250 us = 8,000/s: 0.20x openssl's 40,000/s, 0.10x raw's 80,000/s
                .contains("| 250.0 | 8000 | 0.20x | 0.10x |")
                // sign + verify = 100 us: 20,000/s
                .contains("| 100.0 | 20000 | 0.50x | 0.25x |")
                .contains("The measured SignPayload rate is 25.0% of the first row's ceiling.");
    }

    @Test
    void noCeilingWithoutTheFloorMeasurements(@TempDir Path dir) throws Exception {
        Path results = Files.writeString(dir.resolve("results.tsv"), "machine.cores\t2\n");
        Path machine = Files.writeString(dir.resolve("machine.md"), "- CPU: test\n");
        Path out = dir.resolve("report.md");

        BenchReport.main(new String[] {
            "--mode",
            "quick",
            "--runs",
            "1",
            "--machine",
            machine.toString(),
            "--results",
            results.toString(),
            "--jmh",
            "none",
            "--out",
            out.toString(),
            "--sizes",
            "test"
        });

        assertThat(Files.readString(out)).contains("## Targets").doesNotContain("The ceiling the cryptography sets");
    }
}
