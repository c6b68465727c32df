package dev.signet.server.service.job;

import java.util.Objects;
import java.util.Optional;

/**
 * How one run of a job ended: Succeeded with its signed object (and the id of the signature it
 * made, when the format named its signature value), or Failed with a reason.
 */
public record JobOutcome(
        JobStatus status, String reason, Optional<SignedObject> signedObject, Optional<String> signatureId) {
    public static final String SUCCEEDED = "Signing Succeeded";

    public JobOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signedObject, "signedObject");
        Objects.requireNonNull(signatureId, "signatureId");
        if (status == JobStatus.InProgress || (status == JobStatus.Succeeded) != signedObject.isPresent()) {
            throw new IllegalArgumentException("a succeeded outcome has a signed object and a failed one has none");
        }
        if (signatureId.isPresent() && status != JobStatus.Succeeded) {
            throw new IllegalArgumentException("only a succeeded outcome has a signature");
        }
    }

    public JobOutcome(JobStatus status, String reason, Optional<SignedObject> signedObject) {
        this(status, reason, signedObject, Optional.empty());
    }

    public static JobOutcome succeeded(SignedObject object) {
        return succeeded(object, Optional.empty());
    }

    /** Succeeded with the id of the signature made ({@code SignatureEvidence#signatureId()}). */
    public static JobOutcome succeeded(SignedObject object, Optional<String> signatureId) {
        return new JobOutcome(JobStatus.Succeeded, SUCCEEDED, Optional.of(object), signatureId);
    }

    public static JobOutcome failed(String reason) {
        return new JobOutcome(JobStatus.Failed, reason, Optional.empty());
    }
}
