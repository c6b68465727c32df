package dev.signet.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {
    @Test
    void mediansOfOddAndEvenRuns() {
        Results r = new Results();
        for (double v : new double[] {3, 1, 2}) {
            r.add("a", v);
        }
        r.add("b", 4);
        r.add("b", 1);
        assertThat(r.median("a")).contains(2.0);
        assertThat(r.median("b")).contains(2.5);
        assertThat(r.median("c")).isEmpty();
        assertThat(r.count("a")).isEqualTo(3);
        assertThat(r.min("a")).contains(1.0);
        assertThat(r.max("a")).contains(3.0);
        assertThat(r.min("c")).isEmpty();
        assertThat(Results.median(List.of(5.0))).isEqualTo(5.0);
    }
}
