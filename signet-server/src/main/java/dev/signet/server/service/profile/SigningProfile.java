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
 * @param certificateChainPem the version's certificate, issuing CA and root, PEM, leaf first; empty
 *     while the version is {@link CertificateState#PendingCertificate}
 * @param certificateState where the chain comes from; a version without one cannot sign
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
        CertificateState certificateState,
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
        Objects.requireNonNull(certificateState, "certificateState");
        if (certificateChainPem.isEmpty() != (certificateState == CertificateState.PendingCertificate)) {
            throw new IllegalArgumentException("a version has a certificate chain unless it is PendingCertificate");
        }
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(overrides, "overrides");
        signingParameters = Map.copyOf(new TreeMap<>(signingParameters));
        tags = Map.copyOf(new TreeMap<>(tags));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * A version whose certificate came with it: issued by Signet's CA, or imported signing material
     * when {@code certificateArn} is present.
     */
    public SigningProfile(
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
        this(
                ownerAccount,
                name,
                version,
                platformId,
                platformDisplayName,
                certificateArn,
                key,
                certificateChainPem,
                certificateArn.isPresent() ? CertificateState.Imported : CertificateState.Issued,
                validity,
                overrides,
                signingParameters,
                tags,
                status,
                statusReason,
                createdAt);
    }

    /** Whether an outside CA issues (or issued) this version's certificate. */
    public boolean externalCertificate() {
        return certificateState == CertificateState.PendingCertificate || certificateState == CertificateState.External;
    }

    /** Whether this version waits for its certificate and so cannot sign. */
    public boolean pendingCertificate() {
        return certificateState == CertificateState.PendingCertificate;
    }

    /**
     * The status GetSigningProfile reports: the profile's, except that an Active profile whose
     * version waits for its certificate is {@code PendingCertificate} (docs/aws-compatibility.md).
     */
    public String reportedStatus() {
        return status == ProfileStatus.Active && pendingCertificate() ? "PendingCertificate" : status.name();
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
                certificateState,
                validity,
                overrides,
                signingParameters,
                tags,
                newStatus,
                reason,
                createdAt);
    }

    /**
     * A new version of this profile (same platform, settings and tags, Active) with {@code key}'s
     * key and chain, from {@code state}'s source.
     */
    SigningProfile nextVersion(
            String newVersion,
            Optional<String> newCertificateArn,
            ProfileKeyIssuer.IssuedKey key,
            CertificateState state) {
        return new SigningProfile(
                ownerAccount,
                name,
                newVersion,
                platformId,
                platformDisplayName,
                newCertificateArn,
                key.handle(),
                key.chainPem(),
                state,
                validity,
                overrides,
                signingParameters,
                tags,
                ProfileStatus.Active,
                Optional.empty(),
                createdAt);
    }

    /** This version with an outside CA's chain installed ({@link CertificateState#External}). */
    public SigningProfile withExternalChain(String chainPem) {
        return new SigningProfile(
                ownerAccount,
                name,
                version,
                platformId,
                platformDisplayName,
                certificateArn,
                key,
                chainPem,
                CertificateState.External,
                validity,
                overrides,
                signingParameters,
                tags,
                status,
                Optional.empty(),
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
