package dev.signet.server.service.revocation;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** {@code GetRevocationStatus}'s members, as decoded; the service validates them. */
public record RevocationStatusQuery(
        Optional<Instant> signatureTimestamp,
        Optional<String> platformId,
        Optional<String> profileVersionArn,
        Optional<String> jobArn,
        List<String> certificateHashes) {
    public RevocationStatusQuery {
        Objects.requireNonNull(signatureTimestamp, "signatureTimestamp");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(jobArn, "jobArn");
        certificateHashes = List.copyOf(certificateHashes);
    }
}
