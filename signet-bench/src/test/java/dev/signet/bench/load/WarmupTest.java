package dev.signet.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The warm-up's stopping rule, with a client that answers at once and a JIT clock the test drives. */
class WarmupTest {
    private static final long STEP = 20_000_000L; // 20 ms steps keep the test short

    private final AtomicLong calls = new AtomicLong();
    private final Supplier<PayloadClient> clients = () -> new PayloadClient() {
        @Override
        public boolean signDigest(byte[] digest) {
            calls.incrementAndGet();
            return true;
        }

        @Override
        public void close() {}
    };

    private static LoadOptions options(String... extra) {
        String[] base = {"--connections", "2", "--requests", "10", "--warmup-requests", "30", "--warmup-seconds", "60"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return LoadOptions.parse(all);
    }

    /** A JIT that compiles for a whole second at every reading until the {@code busy}-th, then not at all. */
    private static LongSupplier jitBusyFor(int busy) {
        AtomicLong readings = new AtomicLong();
        AtomicLong millis = new AtomicLong();
        return () -> readings.incrementAndGet() <= busy ? millis.addAndGet(1_000) : millis.get();
    }

    @Test
    void stopsAtTheFirstStepWhoseCompileTimeIsUnderTheShare() throws Exception {
        // readings: before and after the first phase (busy), then two per step: steps 1 and 2 busy, 3 settled
        Warmup warm = Warmup.run(clients, options("--warmup-max-seconds", "600"), jitBusyFor(6), STEP);

        assertThat(warm.requests()).isEqualTo(30 + 3 * 10);
        assertThat(warm.lastJitMillisPerSecond()).isZero();
        assertThat(warm.errors()).isZero();
        assertThat(calls.get()).isEqualTo(60);
    }

    @Test
    void withoutAMaximumTheMinimumIsTheWholeWarmup() throws Exception {
        Warmup warm = Warmup.run(clients, options(), jitBusyFor(1_000), STEP);

        assertThat(warm.requests()).isEqualTo(30);
        assertThat(warm.lastJitMillisPerSecond()).isPositive();
    }

    @Test
    void againstAServerInAnotherProcessItNeverExtends() throws Exception {
        LoadOptions remote = options(
                "--endpoint", "http://127.0.0.1:9", "--credentials", "/nonexistent", "--warmup-max-seconds", "600");

        Warmup warm = Warmup.run(clients, remote, jitBusyFor(1_000), STEP);

        assertThat(warm.requests()).isEqualTo(30);
    }

    @Test
    void noWarmupRequestsMeansNoWarmup() throws Exception {
        Warmup warm = Warmup.run(
                clients, options("--warmup-requests", "0", "--warmup-max-seconds", "600"), jitBusyFor(1_000), STEP);

        assertThat(warm.requests()).isZero();
        assertThat(calls.get()).isZero();
    }
}
