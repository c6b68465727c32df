package dev.signet.server.service.job;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Which jobs {@code ListSigningJobs} returns; every present member narrows the result. */
public record JobFilter(
        String jobOwner,
        Optional<JobStatus> status,
        Optional<String> platformId,
        Optional<String> requestedBy,
        Optional<Boolean> revoked,
        Optional<Instant> signatureExpiresBefore,
        Optional<Instant> signatureExpiresAfter,
        Optional<String> jobInvoker) {
    public JobFilter {
        Objects.requireNonNull(jobOwner, "jobOwner");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(revoked, "revoked");
        Objects.requireNonNull(signatureExpiresBefore, "signatureExpiresBefore");
        Objects.requireNonNull(signatureExpiresAfter, "signatureExpiresAfter");
        Objects.requireNonNull(jobInvoker, "jobInvoker");
    }

    /** A stable text form, bound into page tokens so a token cannot be replayed with another filter. */
    public String fingerprint() {
        return String.join(
                "|",
                "jobs",
                jobOwner,
                status.map(Enum::name).orElse(""),
                platformId.orElse(""),
                requestedBy.orElse(""),
                revoked.map(String::valueOf).orElse(""),
                signatureExpiresBefore
                        .map(i -> String.valueOf(i.toEpochMilli()))
                        .orElse(""),
                signatureExpiresAfter.map(i -> String.valueOf(i.toEpochMilli())).orElse(""),
                jobInvoker.orElse(""));
    }
}
