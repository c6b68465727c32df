package dev.signet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultsTest {
    @Test
    void mediansOfOddAndEvenRuns(@TempDir Path dir) throws Exception {
        Path tsv = Files.writeString(dir.resolve("r.tsv"), "a\t3\na\t1\na\t2\nb\t4\nb\t1\n\n");
        Results r = Results.read(tsv);
        assertThat(r.median("a")).contains(2.0);
        assertThat(r.median("b")).contains(2.5);
        assertThat(r.median("c")).isEmpty();
        assertThat(r.count("a")).isEqualTo(3);
        assertThat(Results.median(List.of(5.0))).isEqualTo(5.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "a\tx", "a\t1\t2", "\t1"})
    void refusesMalformedLines(String line, @TempDir Path dir) throws Exception {
        Path tsv = Files.writeString(dir.resolve("r.tsv"), line + "\n");
        assertThatThrownBy(() -> Results.read(tsv)).isInstanceOf(IllegalArgumentException.class);
    }
}
