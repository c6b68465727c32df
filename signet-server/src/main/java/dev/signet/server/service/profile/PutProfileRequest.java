package dev.signet.server.service.profile;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded {@code PutSigningProfile} request. Member types and enum values are already checked by
 * the decoder; names, platform and cross-member rules are checked by {@link SigningProfileService}.
 */
public record PutProfileRequest(
        String profileName,
        String platformId,
        Optional<String> certificateArn,
        Optional<ValidityPeriod> validity,
        SigningOverrides overrides,
        Map<String, String> signingParameters,
        Map<String, String> tags) {
    public PutProfileRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(overrides, "overrides");
        signingParameters = Map.copyOf(signingParameters);
        tags = Map.copyOf(tags);
    }
}
