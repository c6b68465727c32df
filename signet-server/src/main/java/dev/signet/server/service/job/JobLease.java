package dev.signet.server.service.job;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's claim on an InProgress job. Every claim increments the job's fencing token, so
 * {@code fence} names this claim alone: the job's output and result are recorded, and its lease
 * extended, only while the job still carries it. A worker whose lease ran out and was taken over
 * holds a stale fence, and everything it tries to record is refused.
 *
 * @param attempt how many times the job was claimed, this claim included
 * @param until when the lease ends unless extended
 */
public record JobLease(String jobId, String worker, long fence, int attempt, Instant until) {
    public JobLease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(until, "until");
        if (fence < 1 || attempt < 1) {
            throw new IllegalArgumentException("a lease has a positive fence and attempt");
        }
    }
}
