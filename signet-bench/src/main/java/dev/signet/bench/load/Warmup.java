package dev.signet.bench.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The load driver's warm-up: {@code --warmup-seconds} of load (at most {@code --warmup-requests}),
 * then, while {@code --warmup-max-seconds} allows, more load in steps of {@link #STEP_SECONDS} (each of
 * at most {@code --requests}) until
 * one step kept this JVM's JIT compilers busy for less than {@link #SETTLED_SHARE} of the machine's
 * CPU. With the server in-process, that is the server's JIT: C2 compiles Jetty's parser, Jackson and
 * the signing path for over a minute on 2 cores, and a measurement taken while it does measures the
 * compiler as much as the server. Against a server in another process ({@code --endpoint}) there is
 * no extension: this JVM's compiler says nothing about that one's.
 *
 * @param requests the requests sent in all steps
 * @param errors the failed ones among them
 * @param seconds the warm-up's wall time
 * @param lastJitMillisPerSecond the JIT's compile time per second of the last step (-1 if not measurable)
 */
record Warmup(long requests, long errors, double seconds, double lastJitMillisPerSecond) {
    static final int STEP_SECONDS = 5;

    /** Of the machine's CPU (all cores), the compile time per wall second below which the JIT has settled. */
    static final double SETTLED_SHARE = 0.02;

    static Warmup run(Supplier<PayloadClient> clients, LoadOptions o) throws InterruptedException {
        return run(clients, o, Warmup::jitMillis, STEP_SECONDS * 1_000_000_000L);
    }

    /**
     * As above with {@code jit} telling the compile time so far and steps of {@code stepNanos}, each
     * of at most {@code --requests} requests.
     */
    static Warmup run(Supplier<PayloadClient> clients, LoadOptions o, LongSupplier jit, long stepNanos)
            throws InterruptedException {
        if (o.warmupRequests() == 0) {
            return new Warmup(0, 0, 0, -1);
        }
        long start = System.nanoTime();
        long jitStart = jit.getAsLong();
        LoadPhase.Result phase =
                LoadPhase.run(clients, o.connections(), o.warmupRequests(), o.warmupSeconds() * 1_000_000_000L);
        long requests = phase.ok() + phase.errors();
        long errors = phase.errors();
        double rate = perSecond(jit.getAsLong() - jitStart, phase.elapsedNanos());
        double settled = SETTLED_SHARE * 1000 * Runtime.getRuntime().availableProcessors();
        while (o.endpoint().isEmpty()
                && rate >= settled
                && System.nanoTime() - start + stepNanos <= o.warmupMaxSeconds() * 1_000_000_000L) {
            jitStart = jit.getAsLong();
            phase = LoadPhase.run(clients, o.connections(), o.requests(), stepNanos);
            requests += phase.ok() + phase.errors();
            errors += phase.errors();
            rate = perSecond(jit.getAsLong() - jitStart, phase.elapsedNanos());
        }
        return new Warmup(requests, errors, (System.nanoTime() - start) / 1e9, rate);
    }

    /** This JVM's total JIT compile time so far in milliseconds (0 if the JVM does not report it). */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static double perSecond(long millis, long nanos) {
        return nanos <= 0 ? -1 : millis * 1e9 / nanos;
    }
}
