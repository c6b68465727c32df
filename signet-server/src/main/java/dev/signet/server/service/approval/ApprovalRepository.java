package dev.signet.server.service.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Approval policies of profiles and the decisions on waiting jobs, implemented in {@code store/}.
 * Decisions on one job are serialized by the database (the job's row is locked first), so
 * concurrent approvals by different principals are each counted exactly once.
 */
public interface ApprovalRepository {

    /** What {@link #decide} did. */
    enum Outcome {
        /** The job does not wait for approvals (any more): nothing recorded. */
        NOT_WAITING,
        /** This approver already decided on the job: nothing recorded, nothing counted again. */
        DUPLICATE,
        /** Recorded; the job still waits for more approvals. */
        COUNTED,
        /** Recorded; the quorum is reached and the job may now be claimed by a worker. */
        RELEASED,
        /** Recorded; the job is Failed with the rejection's reason. */
        REJECTED
    }

    /** The status reasons {@link #decide} writes, in the transaction that records the decision. */
    interface Reasons {
        /** A job still waiting, after {@code approvals} (oldest first). */
        String waiting(List<JobApproval> approvals, int quorum);

        /** A job whose quorum {@code approvals} reached. */
        String approved(List<JobApproval> approvals, int quorum);

        /** A job {@code rejection} failed. */
        String rejected(JobApproval rejection);
    }

    /** Creates or replaces the policy of an existing profile. */
    void putPolicy(String ownerAccount, String profileName, ApprovalPolicy policy, String updatedBy, Instant at);

    Optional<ApprovalPolicy> policy(String ownerAccount, String profileName);

    /** @return false when the profile had no policy */
    boolean deletePolicy(String ownerAccount, String profileName);

    /** The gate a job was stored behind; empty for a job that never needed approvals. */
    Optional<JobGate> gate(String jobId);

    /** The decisions recorded on a job, oldest first. */
    List<JobApproval> decisions(String jobId);

    /**
     * Records {@code decision} on a job that waits for approvals, at most once per approver: an
     * approval counts towards the quorum and releases the job when it reaches it; a rejection fails
     * the job. The job's status reason is rewritten with {@code reasons} in the same transaction.
     */
    Outcome decide(String jobId, JobApproval decision, Reasons reasons);

    /**
     * Fails a job that still waits for approvals with {@code reason}.
     *
     * @return false, changing nothing, when it no longer waits
     */
    boolean failWaiting(String jobId, String reason, Instant completedAt);

    /**
     * Ids of jobs waiting for approvals whose window ended before {@code now} or whose profile
     * version is no longer the current version of an Active profile; at most {@code limit}.
     */
    List<String> unsettled(Instant now, int limit);
}
