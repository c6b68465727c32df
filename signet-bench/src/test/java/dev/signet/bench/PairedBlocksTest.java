package dev.signet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedBlocksTest {
    @Test
    void theRatioIsTheMedianOfThePairsRatiosNotTheRatioOfTheMedians() {
        // a noisy second slows both sides of pair 2: its ratio stays 2; the pairs' ratios are 2, 2, 1.5
        PairedBlocks.Result r = PairedBlocks.summarize(new double[] {200, 600, 150}, new double[] {100, 300, 100});

        assertThat(r.ratio()).isEqualTo(2.0);
        assertThat(r.ratioMin()).isEqualTo(1.5);
        assertThat(r.ratioMax()).isEqualTo(2.0);
        assertThat(r.micros()).isEqualTo(200.0);
        assertThat(r.baselineMicros()).isEqualTo(100.0);
        assertThat(r.pairs()).isEqualTo(3);
    }

    @Test
    void anEvenNumberOfPairsTakesTheMeanOfTheMiddleTwo() {
        PairedBlocks.Result r = PairedBlocks.summarize(new double[] {10, 30, 12, 16}, new double[] {10, 10, 10, 10});

        assertThat(r.ratio()).isEqualTo(1.4);
        assertThat(r.ratioMin()).isEqualTo(1.0);
        assertThat(r.ratioMax()).isEqualTo(3.0);
    }

    @Test
    void refusesUnpairedBlocksAndABaselineWithoutCpuTime() {
        assertThatThrownBy(() -> PairedBlocks.summarize(new double[] {1, 2}, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedBlocks.summarize(new double[0], new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PairedBlocks.summarize(new double[] {1}, new double[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void measureAlternatesTheSidesBlockByBlockAndSwapsTheirOrderEveryOtherPair() throws Exception {
        List<String> order = new ArrayList<>();
        PairedBlocks.Result r = PairedBlocks.measure(() -> run(order, "a"), () -> run(order, "b"), 0, 0, 4, 1e-9);

        // warm-ups run once each (no CPU time asked), then one run per block
        assertThat(order).containsExactly("a", "b", "a", "b", "b", "a", "a", "b", "b", "a");
        assertThat(r.pairs()).isEqualTo(4);
        assertThat(r.ratioMin()).isLessThanOrEqualTo(r.ratio());
        assertThat(r.ratio()).isLessThanOrEqualTo(r.ratioMax());
    }

    /** Records the run, and spins until this thread's CPU clock has moved, so no block takes zero time. */
    private static void run(List<String> order, String side) {
        order.add(side);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < 100_000_000 && threads.getCurrentThreadCpuTime() == start; i++) {
            Thread.onSpinWait();
        }
    }
}
