package dev.signet.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How nodes sharing one database coordinate in time (docs/architecture.md, "Cluster mode").
 *
 * @param jobLease how long a signing job's claim holds without a heartbeat (a running job's lease is
 *     extended every third of it): a crashed node's jobs are taken over this long after its last
 *     heartbeat. 1 s to 1 h; default 60 s.
 * @param cacheStaleness how long a node may serve from memory what another node changed: an Active
 *     signing profile is re-read, and an active access key re-checked, at least this often, so a
 *     cancel, revoke or key deactivation on one node takes effect on every node within it (a
 *     SignPayload for a canceled profile is refused at once anyway, by its conditional record).
 *     0 (nothing cached) to 5 min; default 30 s.
 */
public record ClusterTimings(Duration jobLease, Duration cacheStaleness) {
    public static final ClusterTimings DEFAULT = new ClusterTimings(Duration.ofSeconds(60), Duration.ofSeconds(30));

    public ClusterTimings {
        Objects.requireNonNull(jobLease, "jobLease");
        Objects.requireNonNull(cacheStaleness, "cacheStaleness");
        if (jobLease.compareTo(Duration.ofSeconds(1)) < 0 || jobLease.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("the job lease must be 1 s..1 h");
        }
        if (cacheStaleness.isNegative() || cacheStaleness.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("the cache staleness bound must be 0..5 min");
        }
    }
}
