package dev.signet.bench;

import dev.signet.core.format.FormatException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * An operation and its baseline measured in the same JVM on one thread, in alternating blocks of
 * thread CPU time (ThreadMXBean, so JIT and GC threads and other processes are not counted): block
 * i of the operation runs next to block i of the baseline, the order swapped every other pair, so
 * a noisy second (another process thrashing the caches, a frequency change) lands on both sides of
 * a pair. The ratio is taken per pair; the result is the median of the pairs' ratios with their
 * minimum and maximum, so the spread is shown rather than hidden.
 */
public final class PairedBlocks {
    /** An operation being measured. */
    @FunctionalInterface
    public interface Operation {
        void run() throws FormatException, GeneralSecurityException;
    }

    /**
     * The medians of the operation's and the baseline's CPU microseconds per run over the blocks, and
     * the median, minimum and maximum of the per-pair ratios operation / baseline.
     */
    public record Result(
            double micros, double baselineMicros, double ratio, double ratioMin, double ratioMax, int pairs) {
        public Result {
            if (pairs < 1 || !(ratioMin <= ratio && ratio <= ratioMax)) {
                throw new IllegalArgumentException(
                        "pairs " + pairs + ", ratios " + ratioMin + " " + ratio + " " + ratioMax);
            }
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private PairedBlocks() {}

    /**
     * Runs {@code operation} for {@code warmupSeconds} of CPU and {@code baseline} for {@code
     * baselineWarmupSeconds} (the JIT's warm-up, and the estimates that size the blocks), then {@code
     * pairs} pairs of blocks of about {@code blockSeconds} of CPU per side.
     */
    public static Result measure(
            Operation operation,
            Operation baseline,
            double warmupSeconds,
            double baselineWarmupSeconds,
            int pairs,
            double blockSeconds)
            throws FormatException, GeneralSecurityException {
        if (pairs < 1
                || pairs > 1000
                || blockSeconds <= 0
                || blockSeconds > 60
                || warmupSeconds < 0
                || baselineWarmupSeconds < 0) {
            throw new IllegalArgumentException("pairs 1..1000, block seconds in (0, 60], warm-ups >= 0");
        }
        int n = runsPerBlock(warmup(operation, warmupSeconds), blockSeconds);
        int m = runsPerBlock(warmup(baseline, baselineWarmupSeconds), blockSeconds);
        double[] a = new double[pairs];
        double[] b = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            if (p % 2 == 0) {
                a[p] = microsPerRun(operation, n);
                b[p] = microsPerRun(baseline, m);
            } else {
                b[p] = microsPerRun(baseline, m);
                a[p] = microsPerRun(operation, n);
            }
        }
        return summarize(a, b);
    }

    /** The result of pairs whose sides took {@code micros[i]} and {@code baselineMicros[i]} per run. */
    static Result summarize(double[] micros, double[] baselineMicros) {
        if (micros.length == 0 || micros.length != baselineMicros.length) {
            throw new IllegalArgumentException("one baseline block per block, at least one pair");
        }
        double[] ratios = new double[micros.length];
        for (int i = 0; i < micros.length; i++) {
            if (!(baselineMicros[i] > 0)) {
                throw new IllegalArgumentException("a baseline block took no CPU time: " + baselineMicros[i]);
            }
            ratios[i] = micros[i] / baselineMicros[i];
        }
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return new Result(
                median(micros),
                median(baselineMicros),
                median(ratios),
                sorted[0],
                sorted[sorted.length - 1],
                ratios.length);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Runs {@code operation} for {@code seconds} of CPU (at least once); returns its CPU nanoseconds per run. */
    private static double warmup(Operation operation, double seconds) throws FormatException, GeneralSecurityException {
        long start = THREADS.getCurrentThreadCpuTime();
        long runs = 0;
        do {
            operation.run();
            runs++;
        } while (THREADS.getCurrentThreadCpuTime() - start < seconds * 1e9);
        return Math.max(1, THREADS.getCurrentThreadCpuTime() - start) / (double) runs;
    }

    private static int runsPerBlock(double nanosPerRun, double blockSeconds) {
        return (int) Math.max(1, Math.min(1_000_000, blockSeconds * 1e9 / nanosPerRun));
    }

    private static double microsPerRun(Operation operation, int n) throws FormatException, GeneralSecurityException {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            operation.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / n;
    }
}
