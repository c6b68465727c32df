package dev.signet.bench;

import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.Timestamper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * CPU time of one format's in-memory sign on one thread (the {@code FormatBenchmark} sign, measured
 * in thread CPU time rather than wall time, so other load on a shared machine barely moves it).
 * Signs {@code WARMUP} times, then {@code ROUNDS} rounds of {@code N} signs, and prints the median,
 * min and max CPU microseconds per sign of the rounds. JIT and GC threads are not counted.
 * {@code FormatSignCpu FORMAT_CASE [WARMUP N ROUNDS]}, e.g. {@code CMS_PAYLOAD_TSA 3000 2000 5}.
 */
public final class FormatSignCpu {
    private static final int MAX = 1_000_000;

    private FormatSignCpu() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 4) {
            System.err.println("usage: FormatSignCpu " + Arrays.toString(FormatCase.values()) + " [WARMUP N ROUNDS]");
            System.exit(2);
        }
        FormatCase c = FormatCase.valueOf(args[0]);
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        int n = args.length > 1 ? Integer.parseInt(args[2]) : 2000;
        int rounds = args.length > 1 ? Integer.parseInt(args[3]) : 5;
        if (warmup < 0 || warmup > MAX || n < 1 || n > MAX || rounds < 1 || rounds > 100) {
            throw new IllegalArgumentException("WARMUP 0.." + MAX + ", N 1.." + MAX + ", ROUNDS 1..100");
        }
        Path dir = TempDirs.create("signet-bench-cpu-");
        try {
            BenchPki pki = new BenchPki(dir.resolve("pki"));
            SigningKey key = pki.signingKey(c.keyAlgorithm());
            Optional<Timestamper> timestamper =
                    c.timestamped() ? Optional.of(pki.timestampAuthority()) : Optional.empty();
            SignatureFormat format = c.format();
            Subject subject = c.writeInput(Files.createDirectories(dir.resolve("in")));
            double[] micros = measure(c, format, subject, key, timestamper, warmup, n, rounds);
            System.out.printf(
                    "%s\tcpu_us_per_sign_median\t%.1f\tmin\t%.1f\tmax\t%.1f%n",
                    c, micros[rounds / 2], micros[0], micros[rounds - 1]);
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static double[] measure(
            FormatCase c,
            SignatureFormat format,
            Subject subject,
            SigningKey key,
            Optional<Timestamper> timestamper,
            int warmup,
            int n,
            int rounds)
            throws FormatException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmup; i++) {
            c.sign(format, subject, key, timestamper);
        }
        double[] micros = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                c.sign(format, subject, key, timestamper);
            }
            micros[r] = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / n;
        }
        Arrays.sort(micros);
        return micros;
    }
}
