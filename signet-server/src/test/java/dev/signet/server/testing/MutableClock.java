package dev.signet.server.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock tests set and move by hand (thread-safe), for a server's service clock: {@code
 * TestServer.start(clock)} then {@code clock.advance(Duration.ofDays(8))} to make a
 * signature or a revocation list expire without waiting. It stands still between moves.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start"));
    }

    /** A clock standing at the real current time. */
    public static MutableClock ofNow() {
        return new MutableClock(Instant.now());
    }

    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant"));
    }

    public void advance(Duration duration) {
        now.updateAndGet(t -> t.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("a MutableClock is UTC only");
    }
}
