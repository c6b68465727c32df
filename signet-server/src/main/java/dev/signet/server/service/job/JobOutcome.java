package dev.signet.server.service.job;

import java.util.Objects;
import java.util.Optional;

/**
 * How one run of a job ended: Succeeded with its signed object (the object store version it was
 * written as, and the id of the signature it made when the format named its signature value), or
 * Failed with a reason.
 *
 * @param signedVersionId the version id the object store gave the output ({@code "null"} in an
 *     unversioned bucket), so exactly that output can be removed if the job cannot be recorded
 */
public record JobOutcome(
        JobStatus status,
        String reason,
        Optional<SignedObject> signedObject,
        Optional<String> signatureId,
        Optional<String> signedVersionId) {
    public static final String SUCCEEDED = "Signing Succeeded";

    public JobOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signedObject, "signedObject");
        Objects.requireNonNull(signatureId, "signatureId");
        Objects.requireNonNull(signedVersionId, "signedVersionId");
        if (status == JobStatus.InProgress || (status == JobStatus.Succeeded) != signedObject.isPresent()) {
            throw new IllegalArgumentException("a succeeded outcome has a signed object and a failed one has none");
        }
        if ((signatureId.isPresent() || signedVersionId.isPresent()) && status != JobStatus.Succeeded) {
            throw new IllegalArgumentException("only a succeeded outcome has a signature");
        }
    }

    public JobOutcome(JobStatus status, String reason, Optional<SignedObject> signedObject) {
        this(status, reason, signedObject, Optional.empty(), Optional.empty());
    }

    public static JobOutcome succeeded(SignedObject object) {
        return succeeded(object, Optional.empty(), Optional.empty());
    }

    /**
     * Succeeded with the id of the signature made ({@code SignatureEvidence#signatureId()}) and the
     * object store version of the output.
     */
    public static JobOutcome succeeded(
            SignedObject object, Optional<String> signatureId, Optional<String> signedVersionId) {
        return new JobOutcome(JobStatus.Succeeded, SUCCEEDED, Optional.of(object), signatureId, signedVersionId);
    }

    public static JobOutcome failed(String reason) {
        return new JobOutcome(JobStatus.Failed, reason, Optional.empty());
    }
}
