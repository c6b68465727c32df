package dev.signet.server.objects;

import java.time.Instant;
import java.util.Objects;

/** A bucket and when it was created. */
public record BucketInfo(String name, Instant createdAt, BucketVersioning versioning) {
    public BucketInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(versioning, "versioning");
    }
}
