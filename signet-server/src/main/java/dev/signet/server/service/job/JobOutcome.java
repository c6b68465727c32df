package dev.signet.server.service.job;

import java.util.Objects;
import java.util.Optional;

/** How one run of a job ended: Succeeded with its signed object, or Failed with a reason. */
public record JobOutcome(JobStatus status, String reason, Optional<SignedObject> signedObject) {
    public static final String SUCCEEDED = "Signing Succeeded";

    public JobOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(signedObject, "signedObject");
        if (status == JobStatus.InProgress || (status == JobStatus.Succeeded) != signedObject.isPresent()) {
            throw new IllegalArgumentException("a succeeded outcome has a signed object and a failed one has none");
        }
    }

    public static JobOutcome succeeded(SignedObject object) {
        return new JobOutcome(JobStatus.Succeeded, SUCCEEDED, Optional.of(object));
    }

    public static JobOutcome failed(String reason) {
        return new JobOutcome(JobStatus.Failed, reason, Optional.empty());
    }
}
