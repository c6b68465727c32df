package dev.signet.server.service.job;

import java.util.Objects;

/** Where a succeeded job's output lies ({@code signedObject.s3}). */
public record SignedObject(String bucketName, String key) {
    public SignedObject {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(key, "key");
    }
}
