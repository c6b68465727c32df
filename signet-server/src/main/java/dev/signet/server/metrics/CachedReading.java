package dev.signet.server.metrics;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read at most once per {@code maxAge} however often it is asked for, one read at a time,
 * so that scraping {@code /metrics} (which anyone may call) costs at most one database query per
 * interval. A read that throws yields no value (the gauge is left out of that scrape) and is logged.
 */
final class CachedReading<T> {
    private static final Logger LOG = LoggerFactory.getLogger(CachedReading.class);

    private final String what;
    private final Supplier<T> read;
    private final long maxAgeNanos;
    private Optional<T> value = Optional.empty();
    private long readAt;
    private boolean everRead;

    CachedReading(String what, Supplier<T> read, Duration maxAge) {
        this.what = what;
        this.read = read;
        this.maxAgeNanos = maxAge.toNanos();
    }

    synchronized Optional<T> get() {
        long now = System.nanoTime();
        if (!everRead || now - readAt >= maxAgeNanos) {
            everRead = true;
            readAt = now;
            try {
                value = Optional.of(read.get());
            } catch (RuntimeException e) {
                value = Optional.empty();
                LOG.warn("Cannot read {} for /metrics: {}", what, e.toString());
            }
        }
        return value;
    }
}
