package dev.signet.server.service.job;

import java.util.Objects;

/**
 * Where a job writes its output ({@code destination.s3}): key {@code prefix + jobId} in {@code
 * bucketName}; the prefix is empty when the caller gave none.
 */
public record S3Destination(String bucketName, String prefix) {
    public S3Destination {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(prefix, "prefix");
    }

    public String keyFor(String jobId) {
        return prefix + jobId;
    }
}
