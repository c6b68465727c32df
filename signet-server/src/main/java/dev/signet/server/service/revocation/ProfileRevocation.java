package dev.signet.server.service.revocation;

import java.time.Instant;
import java.util.Objects;

/**
 * The revocation of one signing profile version: signatures it made at or after {@code
 * effectiveFrom} are no longer trusted; earlier ones stay valid. Irreversible.
 *
 * @param revokedBy the principal ARN of the caller that revoked
 */
public record ProfileRevocation(
        String ownerAccount,
        String profileName,
        String profileVersion,
        Instant effectiveFrom,
        Instant revokedAt,
        String revokedBy,
        String reason) {
    public ProfileRevocation {
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileVersion, "profileVersion");
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(revokedBy, "revokedBy");
        Objects.requireNonNull(reason, "reason");
        if (effectiveFrom.isAfter(revokedAt)) {
            throw new IllegalArgumentException("a revocation cannot take effect after it was made");
        }
    }

    /** Whether a signature made at {@code signingTime} is revoked by this record. */
    public boolean covers(Instant signingTime) {
        return !signingTime.isBefore(effectiveFrom);
    }
}
