package dev.signet.server.service.approval;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fails jobs waiting for approvals whose window ended or whose profile was canceled or revoked
 * ({@link ApprovalService#sweep}), on one daemon thread at a fixed interval, until closed. Reads
 * settle such a job at once too, so what a caller sees never depends on the sweeper's timing.
 */
public final class ApprovalSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalSweeper.class);

    private final ApprovalService approvals;
    private final ScheduledExecutorService executor;

    private ApprovalSweeper(ApprovalService approvals) {
        this.approvals = approvals;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-approval-sweeper");
            t.setDaemon(true);
            return t;
        });
    }

    /** Sweeps every {@code interval}, the first time after one interval. */
    public static ApprovalSweeper start(ApprovalService approvals, Duration interval) {
        ApprovalSweeper sweeper = new ApprovalSweeper(approvals);
        long millis = Math.max(1, interval.toMillis());
        sweeper.executor.scheduleWithFixedDelay(sweeper::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
        return sweeper;
    }

    private void sweepQuietly() {
        try {
            int failed = approvals.sweep();
            if (failed > 0) {
                LOG.info("Failed {} signing jobs whose approval window ended or whose profile stopped", failed);
            }
        } catch (RuntimeException e) {
            // a failed sweep (the database busy or closing) is retried at the next interval
            LOG.warn("Sweeping signing jobs waiting for approvals failed: {}", e.toString());
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
