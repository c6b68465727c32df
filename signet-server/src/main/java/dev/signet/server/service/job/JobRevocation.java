package dev.signet.server.service.job;

import java.time.Instant;
import java.util.Objects;

/** The model's {@code SigningJobRevocationRecord}: who revoked a job's signature, when and why. */
public record JobRevocation(String reason, Instant revokedAt, String revokedBy) {
    public JobRevocation {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revokedBy, "revokedBy");
    }
}
