package dev.signet.server.service.profile;

import dev.signet.core.crypto.KeyHandle;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A signing profile at its current version. A profile version is bound to exactly one key and one
 * certificate chain; the chain is kept as PEM (leaf first, root last) so the exact certificates
 * survive restarts and CA rotation.
 *
 * @param ownerAccount the 12-digit account that owns the profile
 * @param certificateArn the imported signing material's ARN; empty for Signet-generated keys, which
 *     is what AWS reports for profiles without imported material
 * @param key the key that signs for this version; never leaves its backend
 * @param certificateChainPem the version's certificate, issuing CA and root, PEM, leaf first
 */
public record SigningProfile(
        String ownerAccount,
        String name,
        String version,
        String platformId,
        String platformDisplayName,
        Optional<String> certificateArn,
        KeyHandle key,
        String certificateChainPem,
        ValidityPeriod validity,
        SigningOverrides overrides,
        Map<String, String> signingParameters,
        Map<String, String> tags,
        ProfileStatus status,
        Optional<String> statusReason,
        Instant createdAt) {
    public SigningProfile {
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(platformDisplayName, "platformDisplayName");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificateChainPem, "certificateChainPem");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(overrides, "overrides");
        signingParameters = Map.copyOf(new TreeMap<>(signingParameters));
        tags = Map.copyOf(new TreeMap<>(tags));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public SigningProfile withStatus(ProfileStatus newStatus, Optional<String> reason) {
        return new SigningProfile(
                ownerAccount,
                name,
                version,
                platformId,
                platformDisplayName,
                certificateArn,
                key,
                certificateChainPem,
                validity,
                overrides,
                signingParameters,
                tags,
                newStatus,
                reason,
                createdAt);
    }

    /** Whether a new request describes the same profile (same platform, material and settings). */
    public boolean sameSettings(
            String otherPlatformId,
            Optional<String> otherCertificateArn,
            ValidityPeriod otherValidity,
            SigningOverrides otherOverrides,
            Map<String, String> otherParameters,
            Map<String, String> otherTags) {
        return platformId.equals(otherPlatformId)
                && certificateArn.equals(otherCertificateArn)
                && validity.equals(otherValidity)
                && overrides.equals(otherOverrides)
                && signingParameters.equals(otherParameters)
                && tags.equals(otherTags);
    }
}
