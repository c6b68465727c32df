package dev.signet.server.service.job;

import dev.signet.server.service.profile.SigningOverrides;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One signature, made by {@code StartSigningJob} (source and destination present) or {@code
 * SignPayload} (neither). A job names the exact profile version that signed, so later revocation
 * of that version finds it.
 *
 * @param requestedBy the caller's principal ARN
 * @param jobOwner the account that owns the profile and the job
 * @param jobInvoker the caller's account
 * @param clientRequestToken StartSigningJob's idempotency token, unique per {@code requestedBy}
 * @param signatureId the id of the signature the job made ({@code SignatureEvidence#signatureId()}:
 *     64 lower-case hex digits); empty while no signature exists, when the job failed, for
 *     signatures made before Signet recorded ids, or when the format did not name its signature value
 * @param artifactDigest the artifact's digest ({@code LABEL:HEX}): for a StartSigningJob job the
 *     source object's SHA-256 ({@code sha256:...}), taken as it was copied for signing and recorded
 *     when the job succeeded; for a SignPayload job what the request stated ({@code
 *     SignatureFormat#statedArtifactDigest}: e.g. {@code sha384:...} for a Lambda zip, {@code
 *     authenticode-sha256:...} for a PE, MSI package or script); empty for a job that has not
 *     succeeded, for payloads that state no digest, and for jobs recorded before Signet kept it
 */
public record SigningJob(
        String jobId,
        String jobOwner,
        String jobInvoker,
        String requestedBy,
        Optional<String> clientRequestToken,
        String profileName,
        String profileVersion,
        String platformId,
        String platformDisplayName,
        Optional<String> certificateArn,
        Optional<S3Source> source,
        Optional<S3Destination> destination,
        Optional<SignedObject> signedObject,
        SigningOverrides overrides,
        Map<String, String> signingParameters,
        JobStatus status,
        Optional<String> statusReason,
        Instant createdAt,
        Optional<Instant> completedAt,
        Instant signatureExpiresAt,
        Optional<JobRevocation> revocation,
        Optional<String> signatureId,
        Optional<String> artifactDigest) {
    private static final Pattern SIGNATURE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ARTIFACT_DIGEST = Pattern.compile("[a-z0-9-]{1,32}:[0-9a-f]{40,128}");

    public SigningJob {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobOwner, "jobOwner");
        Objects.requireNonNull(jobInvoker, "jobInvoker");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(clientRequestToken, "clientRequestToken");
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileVersion, "profileVersion");
        Objects.requireNonNull(platformId, "platformId");
        Objects.requireNonNull(platformDisplayName, "platformDisplayName");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(signedObject, "signedObject");
        Objects.requireNonNull(overrides, "overrides");
        signingParameters = Map.copyOf(new TreeMap<>(signingParameters));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(statusReason, "statusReason");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(completedAt, "completedAt");
        Objects.requireNonNull(signatureExpiresAt, "signatureExpiresAt");
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(signatureId, "signatureId");
        if (signatureId.isPresent() && !SIGNATURE_ID.matcher(signatureId.get()).matches()) {
            throw new IllegalArgumentException("a signature id is 64 lower-case hex digits");
        }
        Objects.requireNonNull(artifactDigest, "artifactDigest");
        artifactDigest.ifPresent(SigningJob::requireArtifactDigest);
        if ((status == JobStatus.InProgress) == completedAt.isPresent()) {
            throw new IllegalArgumentException("a job has a completion time exactly when it is finished");
        }
    }

    /**
     * Checks an artifact digest's notation.
     *
     * @throws IllegalArgumentException unless it is {@code LABEL:HEX}, lower case
     */
    public static String requireArtifactDigest(String artifactDigest) {
        if (!ARTIFACT_DIGEST.matcher(artifactDigest).matches()) {
            throw new IllegalArgumentException("an artifact digest is LABEL:HEX, lower case");
        }
        return artifactDigest;
    }
}
