package dev.signet.core.format;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What Signet records about a signature and, where the format allows, binds into it as signed
 * attributes.
 *
 * @param signingTime when Signet made the signature
 * @param expiresAt the profile's signature validity end ({@code signatureExpiresAt})
 * @param profileVersionArn the signing profile version ARN
 * @param jobArn the signing job ARN, empty when the caller signs outside a job (offline tests)
 * @param location where the artifact was read from, when it came from an object store
 * @param signingParameters the profile's {@code signingParameters}; a format reads the keys of the
 *     {@code signet:} namespace it declares ({@link SignatureFormat#checkSigningParameters}) and
 *     ignores the rest
 */
public record SignatureMetadata(
        Instant signingTime,
        Instant expiresAt,
        String profileVersionArn,
        Optional<String> jobArn,
        Optional<ArtifactLocation> location,
        Map<String, String> signingParameters) {
    public SignatureMetadata(
            Instant signingTime, Instant expiresAt, String profileVersionArn, Optional<String> jobArn) {
        this(signingTime, expiresAt, profileVersionArn, jobArn, Optional.empty());
    }

    public SignatureMetadata(
            Instant signingTime,
            Instant expiresAt,
            String profileVersionArn,
            Optional<String> jobArn,
            Optional<ArtifactLocation> location) {
        this(signingTime, expiresAt, profileVersionArn, jobArn, location, Map.of());
    }

    public SignatureMetadata {
        Objects.requireNonNull(location, "location");
        signingParameters = Map.copyOf(signingParameters);
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(profileVersionArn, "profileVersionArn");
        Objects.requireNonNull(jobArn, "jobArn");
        if (!expiresAt.isAfter(signingTime)) {
            throw new IllegalArgumentException("a signature must expire after it is made");
        }
    }

    /** The same metadata with the profile's {@code signingParameters}. */
    public SignatureMetadata withSigningParameters(Map<String, String> parameters) {
        return new SignatureMetadata(signingTime, expiresAt, profileVersionArn, jobArn, location, parameters);
    }
}
