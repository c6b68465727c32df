package dev.signet.bench.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bin/bench's quick path for one peer (SHA-384 digest vs {@code openssl dgst}) with this
 * module's class path, and checks that a missing tool fails the script. No timing assertions.
 */
class BenchScriptTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Run(int exitCode, String output) {}

    static Run bench(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", ROOT.resolve("bin/bench").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("BENCH_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/bench did not finish in 300 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void quickDigestComparisonWritesAReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("bench.md");

        Run run = bench(Map.of(), "quick", "--only", "digest", "--out", report.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        String md = Files.readString(report);
        assertThat(md)
                .contains("# Signet benchmarks", "Quick mode", "## Machine", "nproc", "OpenSSL", "bin/bench full")
                .containsPattern(
                        "\\| SHA-384 digest vs openssl dgst \\| file \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\| [0-9.]+ \\|")
                .containsPattern(
                        "\\| Digest throughput vs `openssl dgst -sha384` \\(in-process Digests\\) \\| [0-9.]+x \\| >= 0.9x \\| (met|\\*\\*not met\\*\\*) \\|");
    }

    @Test
    void aMissingToolFailsTheRun(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("bash", "java", "mvn", "openssl", "mktemp", "cat", "rm", "dirname")) {
            Path real = Path.of("/usr/bin", tool);
            if (Files.exists(real)) {
                Files.createSymbolicLink(bin.resolve(tool), real);
            }
        }

        Run run = bench(
                Map.of("PATH", bin.toString()),
                "quick",
                "--only",
                "digest",
                "--out",
                dir.resolve("x.md").toString());

        assertThat(run.exitCode()).as(run.output()).isNotZero();
        assertThat(run.output()).contains("is missing");
        assertThat(dir.resolve("x.md")).doesNotExist();
    }
}
