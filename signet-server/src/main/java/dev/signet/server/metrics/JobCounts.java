package dev.signet.server.metrics;

/**
 * StartSigningJob jobs not yet finished, across every node sharing the database.
 *
 * @param inProgress jobs InProgress
 * @param waiting of those, the ones no worker holds a live lease on (queued, or left by a stopped node)
 */
public record JobCounts(long inProgress, long waiting) {
    public JobCounts {
        if (inProgress < 0 || waiting < 0 || waiting > inProgress) {
            throw new IllegalArgumentException("job counts must satisfy 0 <= waiting <= inProgress");
        }
    }
}
