package dev.signet.server.service.job;

import java.util.Objects;

/** The object version a job signs ({@code source.s3}). */
public record S3Source(String bucketName, String key, String version) {
    public S3Source {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }
}
