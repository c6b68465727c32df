package dev.signet.server.service.principals;

import java.time.Instant;
import java.util.Objects;

/**
 * An access key as stored: the secret only sealed under the master key. Not a record so that the
 * sealed bytes are copied in and out and never printed.
 */
public final class StoredAccessKey {

    /** Whether the key may sign requests. */
    public enum Status {
        ACTIVE,
        INACTIVE
    }

    private final String accessKeyId;
    private final String principalId;
    private final byte[] sealedSecret;
    private final Status status;
    private final Instant createdAt;

    public StoredAccessKey(
            String accessKeyId, String principalId, byte[] sealedSecret, Status status, Instant createdAt) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.sealedSecret = Objects.requireNonNull(sealedSecret, "sealedSecret").clone();
        this.status = Objects.requireNonNull(status, "status");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String principalId() {
        return principalId;
    }

    public byte[] sealedSecret() {
        return sealedSecret.clone();
    }

    public Status status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    @Override
    public String toString() {
        return "StoredAccessKey[" + accessKeyId + ", " + principalId + ", " + status + "]";
    }
}
