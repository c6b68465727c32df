package dev.signet.core.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * One revoked signing profile version ({@code RevokeSigningProfile}): signatures whose trusted
 * signing time is at or after {@code effectiveFrom} are revoked; earlier ones stay valid.
 */
public record RevokedProfileVersion(String profileVersionArn, Instant effectiveFrom, Instant revokedAt) {
    public RevokedProfileVersion {
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Whether a signature made at {@code signingTime} is revoked by this record. */
    public boolean covers(Instant signingTime) {
        return !signingTime.isBefore(effectiveFrom);
    }
}
