package dev.signet.server.objects;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts multipart uploads older than a maximum age (by the service clock): once when started, then
 * on one daemon thread every quarter of that age (at least every second, at most every hour).
 */
public final class UploadSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadSweeper.class);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_INTERVAL = Duration.ofHours(1);

    private final MultipartUploads uploads;
    private final Duration maxAge;
    private final Clock clock;
    private final ScheduledExecutorService executor;

    private UploadSweeper(MultipartUploads uploads, Duration maxAge, Clock clock) {
        this.uploads = uploads;
        this.maxAge = maxAge;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-upload-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sweeps now, then keeps sweeping in the background until closed. */
    public static UploadSweeper start(MultipartUploads uploads, Duration maxAge, Clock clock) {
        Objects.requireNonNull(uploads, "uploads");
        Objects.requireNonNull(clock, "clock");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the abandoned upload age must be positive");
        }
        UploadSweeper sweeper = new UploadSweeper(uploads, maxAge, clock);
        sweeper.sweep();
        long interval = Math.max(MIN_INTERVAL.toMillis(), Math.min(MAX_INTERVAL.toMillis(), maxAge.toMillis() / 4));
        sweeper.executor.scheduleWithFixedDelay(sweeper::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
        return sweeper;
    }

    /** Aborts every upload initiated more than the maximum age ago; returns how many. */
    public int sweep() {
        int removed = uploads.removeAbandoned(clock.instant().minus(maxAge));
        if (removed > 0) {
            LOG.info("Removed {} multipart uploads abandoned for more than {}", removed, maxAge);
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // a failed sweep (the database busy or closing) is retried at the next interval
            LOG.warn("Sweeping abandoned multipart uploads failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
