package dev.signet.server.objects;

import java.time.Instant;
import java.util.Objects;

/** A bucket, the account that owns it and when it was created. */
public record BucketInfo(String name, Instant createdAt, BucketVersioning versioning, String ownerAccount) {
    public BucketInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(versioning, "versioning");
    }
}
