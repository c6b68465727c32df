package dev.signet.server.service.job;

import dev.signet.server.service.profile.SigningProfile;
import java.time.Instant;
import java.util.Optional;

/**
 * The approvals (n of m) a profile may require, as the job use cases see them ({@code
 * service.approval} implements it): the gate a new StartSigningJob waits behind, SignPayload's
 * refusal, and the settling of a waiting job whose window ended or whose profile stopped.
 */
public interface JobApprovals {
    /** Profiles never require approvals: for tests and tools that run without them. */
    JobApprovals NONE = new JobApprovals() {
        @Override
        public Optional<ApprovalGate> gateFor(SigningProfile profile, Instant now) {
            return Optional.empty();
        }

        @Override
        public void refuseIfRequired(SigningProfile profile) {}

        @Override
        public SigningJob settled(SigningJob job) {
            return job;
        }
    };

    /** The gate a job started now on {@code profile} waits behind; empty when it needs no approvals. */
    Optional<ApprovalGate> gateFor(SigningProfile profile, Instant now);

    /**
     * Refuses (a ValidationException in SignPayload's shape) when {@code profile} requires approvals:
     * a synchronous signature cannot wait for them.
     */
    void refuseIfRequired(SigningProfile profile);

    /**
     * {@code job}, after failing it when it waits for approvals past its window or its profile can
     * no longer sign; otherwise {@code job} itself.
     */
    SigningJob settled(SigningJob job);
}
