package dev.signet.server.service.job;

import java.time.Instant;
import java.util.Objects;

/** Position in the newest-first job listing: strictly after the job created at {@code createdAt} with id {@code jobId}. */
public record JobCursor(Instant createdAt, String jobId) {
    public JobCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(jobId, "jobId");
    }
}
