package dev.signet.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real UTC clock moved by an offset the test sets: a service clock that can jump past a
 * signature's expiry while SigV4 (measured by the host's real clock) keeps working. Thread-safe.
 * Unlike {@link MutableClock}, which stands still between moves, it ticks with real time: fixtures
 * that need signatures made seconds apart on the service clock (and revocations "not in the future"
 * of it) get them by {@link #advance advancing} it, never by waiting.
 */
public final class OffsetClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves this clock to real time plus {@code by} (negative moves it back). */
    public void set(Duration by) {
        offset.set(Objects.requireNonNull(by, "by"));
    }

    /** Moves this clock {@code by} further (negative moves it back), keeping earlier moves. */
    public void advance(Duration by) {
        Objects.requireNonNull(by, "by");
        offset.updateAndGet(current -> current.plus(by));
    }

    /** Back to real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("an OffsetClock is always UTC");
    }
}
