package dev.signet.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.bench.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bin/bench's quick path for one peer (SHA-384 digest vs {@code openssl dgst}) with this
 * module's class path, and checks that a missing or failing tool fails the run, with a message and
 * without a report. No timing assertions.
 */
class BenchScriptTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    Commands.Result bench(Map<String, String> env, String... args) {
        List<String> command =
                new ArrayList<>(List.of("bash", ROOT.resolve("bin/bench").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("BENCH_CLASSPATH", System.getProperty("java.class.path"));
        return new Commands(dir, all).run(Duration.ofMinutes(5), Map.of(), command);
    }

    @Test
    void quickDigestComparisonWritesAReport() throws Exception {
        Path report = dir.resolve("bench.md");

        Commands.Result run = bench(Map.of(), "quick", "--only", "digest", "--out", report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("bench: wrote " + report);
        String md = Files.readString(report);
        assertThat(md)
                .contains("# Signet benchmarks", "Quick mode", "## Machine", "nproc", "OpenSSL", "bin/bench full")
                .containsPattern(
                        "\\| SHA-384 digest vs openssl dgst \\| file \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|")
                .containsPattern(
                        "\\| Digest throughput vs `openssl dgst -sha384` \\(in-process Digests\\) \\| [0-9.]+x \\| >= 0.9x \\| (met|\\*\\*not met\\*\\*) \\|");
    }

    /** Issue 17's part, quick: small files signed through the CLI jar against a server it starts. */
    @Test
    void quickClientSideSigningWritesItsRows() throws Exception {
        Path report = dir.resolve("clientsign.md");

        Commands.Result run = bench(Map.of(), "quick", "--only", "clientsign", "--out", report.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String md = Files.readString(report);
        assertThat(md)
                .contains("## Targets (issue 17): signing large files where they lie")
                .containsPattern(
                        "\\| `signet sign` of a Lambda zip \\(1 GiB in full mode\\) / `sha384sum` \\(same run\\) \\| [0-9.]+x \\|")
                .containsPattern("\\| Peak RSS of `signet sign`, PE \\(200 MiB in full mode\\) \\| [0-9.]+ MiB \\|")
                .containsPattern("\\| zip \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|")
                .containsPattern("\\| pe \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|")
                .containsPattern("Signet's own Authenticode digest alone in a fresh JVM .* \\| [0-9.]+x \\|");
    }

    @Test
    void aMissingToolFailsTheRun() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "java", "openssl", "dirname")) {
            Path real = Path.of("/usr/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }

        Commands.Result run = bench(
                Map.of("PATH", bin.toString()),
                "quick",
                "--only",
                "digest",
                "--out",
                dir.resolve("x.md").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("bin/bench: required tool '").contains("' is missing (bin/test installs it)");
        assertThat(dir.resolve("x.md")).doesNotExist();
    }

    @Test
    void aFailingMeasurementFailsTheRunWithTheToolsOutput() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path openssl = Files.writeString(
                bin.resolve("openssl"),
                "#!/bin/sh\nif [ \"$1\" = dgst ]; then echo 'dgst: simulated failure' >&2; exit 3; fi\n"
                        + "exec /usr/bin/openssl \"$@\"\n");
        Files.setPosixFilePermissions(openssl, PosixFilePermissions.fromString("rwx------"));

        Commands.Result run = bench(
                Map.of("PATH", bin + ":" + System.getenv("PATH")),
                "quick",
                "--only",
                "digest",
                "--out",
                dir.resolve("x.md").toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err())
                .contains("bin/bench: openssl dgst -sha384 -r ")
                .contains("failed (exit 3)")
                .contains("dgst: simulated failure");
        assertThat(dir.resolve("x.md")).doesNotExist();
    }

    @Test
    void aBadOptionIsRefusedWithTheUsage() {
        Commands.Result run = bench(Map.of(), "quick", "--write-docs");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("bin/bench: --write-docs is for full mode: quick numbers are not the report")
                .contains("usage: bin/bench quick|full");
    }
}
