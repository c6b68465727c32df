package dev.signet.server.service.revocation;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** {@code RevokeSigningProfile}'s members, as decoded; the service validates them. */
public record RevokeProfileRequest(
        String profileName, Optional<String> profileVersion, Optional<String> reason, Optional<Instant> effectiveTime) {
    public RevokeProfileRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileVersion, "profileVersion");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(effectiveTime, "effectiveTime");
    }
}
