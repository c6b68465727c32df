package dev.signet.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bin/bench's options: the tracked docs/benchmarks.md is written only when asked. */
class BenchOptionsTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void quickIsTheDefaultAndWritesUnderTarget() {
        BenchOptions o = BenchOptions.parse("--root", "/repo");

        assertThat(o.full()).isFalse();
        assertThat(o.runs()).isEqualTo(1);
        assertThat(o.only()).containsExactlyInAnyOrderElementsOf(BenchOptions.PARTS);
        assertThat(o.out()).isEqualTo(ROOT.resolve("target/benchmarks-quick.md"));
    }

    @Test
    void fullWritesUnderTargetUnlessAskedToWriteTheDocs() {
        assertThat(BenchOptions.parse("--root", "/repo", "full").out()).isEqualTo(ROOT.resolve("target/benchmarks.md"));
        BenchOptions docs = BenchOptions.parse("--root", "/repo", "full", "--write-docs");
        assertThat(docs.out()).isEqualTo(ROOT.resolve("docs/benchmarks.md"));
        assertThat(docs.runs()).isEqualTo(3);
    }

    @Test
    void runsOnlyAndOutAreRead() {
        BenchOptions o = BenchOptions.parse(
                "--root", "/repo", "full", "--runs", "5", "--only", "load,digest", "--out", "/tmp/r.md");

        assertThat(o.runs()).isEqualTo(5);
        assertThat(o.only()).isEqualTo(Set.of("load", "digest"));
        assertThat(o.wants("jar")).isFalse();
        assertThat(o.out()).isEqualTo(Path.of("/tmp/r.md"));
    }

    @Test
    void clusterJobsIsTheClusterPartsJobHalfAndNoDefault() {
        BenchOptions o = BenchOptions.parse("--root", "/repo", "full", "--only", "cluster-jobs");

        assertThat(o.wantsCluster()).isTrue();
        assertThat(o.wants("cluster")).isFalse();
        assertThat(BenchOptions.parse("--root", "/repo", "full").wants("cluster-jobs"))
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "quick --write-docs              | --write-docs is for full mode: quick numbers are not the report",
                "full --write-docs --out /tmp/x  | --write-docs and --out both name the report's file: give one",
                "full --runs 0                   | --runs must be 1..99",
                "full --runs 100                 | --runs must be 1..99",
                "full --only jmh,bogus           | --only: unknown part 'bogus'",
                "full --runs                     | --runs needs a value",
                "full --fast 1                   | unknown option --fast",
                "medium                          | the first argument is quick or full, not medium"
            })
    void badOptionsAreRefusedWithTheReason(String args, String reason) {
        String[] all = ("--root /repo " + args.strip()).split(" ");

        assertThatThrownBy(() -> BenchOptions.parse(all))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void onlyBinBenchCallsIt() {
        assertThatThrownBy(() -> BenchOptions.parse("full"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run through bin/bench");
    }
}
