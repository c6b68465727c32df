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
    void formatRowsShowTheMedianPairRatioWithTheLowestAndHighestPairsOverTheRuns() throws Exception {
        String report = report("format.OPENPGP.sign_us\t300\nformat.OPENPGP.sign_crypto_us\t200\n"
                + "format.OPENPGP.sign_ratio\t1.4\nformat.OPENPGP.sign_ratio_min\t1.3\n"
                + "format.OPENPGP.sign_ratio_max\t1.6\nformat.OPENPGP.sign_ratio\t1.6\n"
                + "format.OPENPGP.sign_ratio_min\t1.2\nformat.OPENPGP.sign_ratio_max\t1.7\n"
                + "format.OPENPGP.verify_us\t90\nformat.OPENPGP.verify_crypto_us\t40\n"
                + "format.OPENPGP.verify_ratio\t2.1\nformat.OPENPGP.verify_ratio_min\t1.9\n"
                + "format.OPENPGP.verify_ratio_max\t2.4\n"
                + "format.JAR.verify_us\t90\nformat.JAR.verify_crypto_us\t60\n");

        assertThat(report)
                // the median of the runs' median ratios (1.4, 1.6), not 300 / 200; the spread over both runs
                .contains(
                        "| OPENPGP sign() CPU / its cryptography's (signs, self-checks, time-stamp) | 1.50x (1.20-1.70)"
                                + " | <= 2x | met |")
                .contains(
                        "| OPENPGP verify() CPU / its raw signature checks | 2.10x (1.90-2.40) | <= 2x | **not met** |")
                // no per-pair ratios recorded: the ratio of the medians, without a spread
                .contains("| JAR verify() CPU / its raw signature checks | 1.50x | <= 2x | met |")
                .contains(
                        "| JAR sign() CPU / its cryptography's (signs, self-checks, time-stamp) | not measured | <= 2x | - |")
                .contains("alternating blocks");
    }

    @Test
    void noCeilingWithoutTheFloorMeasurements() throws Exception {
        assertThat(report("machine.cores\t2\n"))
                .contains("## Targets")
                .doesNotContain("The ceiling the cryptography sets");
    }

    @Test
    void theFloodRowShowsBothPhasesAndTheirRatio() throws Exception {
        String report = report("flood.connections\t4\nflood.flood_connections\t4\nflood.alone.ops\t1000\n"
                + "flood.flooded.ops\t800\nflood.ratio\t0.8\nflood.alone.p50_ms\t2\nflood.alone.p99_ms\t20\n"
                + "flood.flooded.p50_ms\t3\nflood.flooded.p99_ms\t30\nflood.rate\t1500\n");

        assertThat(report)
                .contains("## SignPayload during a flood of unknown access key ids")
                .contains("| alone | 1000 | 2.00 | 20.0 |")
                .contains("| during the flood (1500 refused requests/s) | 800.0 | 3.00 | 30.0 |")
                .contains("during the flood / alone: 0.80x");
        assertThat(report("machine.cores\t2\n")).doesNotContain("flood of unknown access key ids");
    }

    @Test
    void theClusterRowsShowBothSidesTheirRatiosAndThePeakRss() throws Exception {
        String report = report("cluster.load.sqlite.ops\t1000\ncluster.load.sqlite.p99_ms\t12\n"
                + "cluster.load.sqlite.server_cpu_us\t800\ncluster.load.sqlite.database_cpu_us\t0\n"
                + "cluster.load.postgres.ops\t900\ncluster.load.postgres.p99_ms\t15\n"
                + "cluster.load.postgres.server_cpu_us\t700\ncluster.load.postgres.database_cpu_us\t250\n"
                + "cluster.load.postgres_vs_sqlite\t0.9\ncluster.job.filesystem.seconds\t40\n"
                + "cluster.job.filesystem.rss_kb\t215040\ncluster.job.s3.seconds\t60\n"
                + "cluster.job.s3.rss_kb\t312320\ncluster.job.s3_vs_filesystem\t0.6667\n");

        assertThat(report)
                .contains("## Targets (issue 18): PostgreSQL and S3")
                .contains(
                        "| SignPayload ops/s on PostgreSQL / on SQLite (same machine, same run) | 0.90x | >= 0.8x | met |")
                .containsPattern(
                        "S3 content vs filesystem \\(filesystem time / S3 time\\) \\| 0.67x \\| >= 0.8x \\| \\*\\*not met\\*\\* \\|")
                // 215,040 KiB = 210 MiB = 220 MB; 312,320 KiB = 305 MiB = 320 MB
                .contains("filesystem content | 210.0 MiB | < 300 MB | met |")
                .contains("S3 (S3Proxy) content | 305.0 MiB | < 300 MB | **not met** |")
                .contains("| SQLite (default) | 1000 | 12.0 | 800.0 | - (in the server) | 800.0 |")
                .contains("| PostgreSQL | 900.0 | 15.0 | 700.0 | 250.0 | 950.0 |")
                .contains("| filesystem | 40.0 | 210.0 |")
                .contains("| S3 (S3Proxy) | 60.0 | 305.0 |");
        assertThat(report("machine.cores\t2\n")).doesNotContain("Targets (issue 18)");
    }

    @Test
    void theClientSideSigningRowsShowTheRatiosThePeakRssAndTheJobPath() throws Exception {
        String report = report("clientsign.zip.hash.seconds\t2\nclientsign.zip.client.seconds\t2.2\n"
                + "clientsign.zip.client_vs_hash\t1.1\nclientsign.zip.job.seconds\t20\n"
                + "clientsign.zip.job_vs_client\t9.09\nclientsign.zip.client.rss_kb\t102400\n"
                + "clientsign.pe.hash.seconds\t1\nclientsign.pe.client.seconds\t1.5\n"
                + "clientsign.pe.client_vs_hash\t1.5\nclientsign.pe.job.seconds\t6\n"
                + "clientsign.pe.job_vs_client\t4\nclientsign.pe.client.rss_kb\t153600\n"
                + "clientsign.pe.own_hash.seconds\t1.25\nclientsign.pe.client_vs_own_hash\t1.2\n");

        assertThat(report)
                .contains("## Targets (issue 17): signing large files where they lie")
                .contains("/ `sha384sum` (same run) | 1.10x | <= 1.2x | met |")
                .contains("(`osslsigncode extract-data -h sha256`) (same run) | 1.50x | <= 1.2x | **not met** |")
                // 102,400 KiB = 100 MiB = 105 MB; 153,600 KiB = 150 MiB = 157 MB
                .contains("| Peak RSS of `signet sign`, Lambda zip (1 GiB in full mode) | 100.0 MiB | < 150 MB | met |")
                .contains(
                        "| Peak RSS of `signet sign`, PE (200 MiB in full mode) | 150.0 MiB | < 150 MB | **not met** |")
                .contains("Signet's own Authenticode digest alone in a fresh JVM (`AuthenticodeDigest`, started as"
                        + " `signet sign` is) (same run) | 1.20x | <= 1.2x | met |")
                .contains("| zip | 2.00 | 2.20 | 100.0 | 20.0 | - |")
                .contains("| pe | 1.00 | 1.50 | 150.0 | 6.00 | 1.25 |");
        assertThat(report("machine.cores\t2\n")).doesNotContain("Targets (issue 17)");
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
