package dev.signet.core.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything revoked at {@code issuedAt}: signatures and profile versions. Valid for offline use
 * until {@code nextUpdate}; after that it is stale (reported, and blocking under Enforce). The
 * wire form, signed by the Signet CA, is {@link SignedRevocationList}.
 */
public record RevocationList(
        Instant issuedAt,
        Instant nextUpdate,
        List<RevokedSignature> signatures,
        List<RevokedProfileVersion> profileVersions) {
    public RevocationList {
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        signatures = List.copyOf(signatures);
        profileVersions = List.copyOf(profileVersions);
        if (!nextUpdate.isAfter(issuedAt)) {
            throw new IllegalArgumentException("nextUpdate must be after issuedAt");
        }
    }

    public Optional<RevokedSignature> signature(String signatureId) {
        return signatures.stream()
                .filter(s -> s.signatureId().equals(signatureId))
                .findFirst();
    }

    public Optional<RevokedProfileVersion> profileVersion(String profileVersionArn) {
        return profileVersions.stream()
                .filter(p -> p.profileVersionArn().equals(profileVersionArn))
                .findFirst();
    }

    /** Whether the list is past its next update at {@code now}. */
    public boolean stale(Instant now) {
        return now.isAfter(nextUpdate);
    }
}
