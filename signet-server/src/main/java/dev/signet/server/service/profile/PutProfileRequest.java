package dev.signet.server.service.profile;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A decoded {@code PutSigningProfile} request, or the native {@code POST /v1/profiles}. Member
 * types and enum values are already checked by the decoder; names, platform and cross-member rules
 * are checked by {@link SigningProfileService}.
 *
 * @param keyBackend the key backend that generates the version's key; the server's {@code
 *     keys.new-profile-keys} when empty (native API only)
 * @param externalCertificate whether an outside CA issues the version's certificate (from its CSR)
 *     instead of Signet's CA: the version is then {@link CertificateState#PendingCertificate} until
 *     it is installed (native API only)
 */
public record PutProfileRequest(
        String profileName,
        String platformId,
        Optional<String> certificateArn,
        Optional<ValidityPeriod> validity,
        SigningOverrides overrides,
        Map<String, String> signingParameters,
        Map<String, String> tags,
        Optional<String> keyBackend,
        boolean externalCertificate) {
    public PutProfileRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(overrides, "overrides");
        signingParameters = Map.copyOf(signingParameters);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(keyBackend, "keyBackend");
    }

    /** AWS's PutSigningProfile: the key in the configured backend, the certificate from Signet's CA. */
    public PutProfileRequest(
            String profileName,
            String platformId,
            Optional<String> certificateArn,
            Optional<ValidityPeriod> validity,
            SigningOverrides overrides,
            Map<String, String> signingParameters,
            Map<String, String> tags) {
        this(
                profileName,
                platformId,
                certificateArn,
                validity,
                overrides,
                signingParameters,
                tags,
                Optional.empty(),
                false);
    }
}
