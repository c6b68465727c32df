package dev.signet.server.service.job;

import dev.signet.server.metrics.JobCounts;
import dev.signet.server.objects.CommitCondition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable signing jobs. Workers claim InProgress jobs with a lease carrying a fencing token, so a
 * job is worked on by one worker at a time, a job whose worker died is claimed again once its lease
 * runs out, and a worker that lost its lease can record nothing.
 */
public interface JobRepository {

    /**
     * Stores a new job. When the job carries a client request token that {@code requestedBy} has
     * already used, nothing is stored and the earlier job is returned instead.
     */
    default SigningJob insertIdempotent(SigningJob job) {
        return insertIdempotent(job, Optional.empty());
    }

    /**
     * As {@link #insertIdempotent(SigningJob)}; with a {@code gate}, the job is stored waiting for
     * its approvals in the same transaction, so no worker can claim it before they are given.
     */
    SigningJob insertIdempotent(SigningJob job, Optional<ApprovalGate> gate);

    /**
     * Records a signature already made (SignPayload's Succeeded job, without a client token),
     * durably before it returns; concurrent calls share one commit. Stores nothing and
     * returns false when, at commit time, the job's profile version is not the current version of
     * an Active profile (it was canceled or revoked meanwhile, on this node or another), so a
     * signature is never handed out for a profile that could no longer sign.
     */
    boolean recordSignature(SigningJob job);

    /**
     * Records a signature made for a SignPayload request with a client token: the job (which carries
     * the token) and, in the same transaction, its receipt, durably before it returns. Stores nothing
     * and returns false when the profile version is not current and Active (as {@link
     * #recordSignature(SigningJob)}) or when the job's requester has already used its token; the
     * caller tells the two apart with {@link #findByClientToken}. Another node storing the same token
     * at the same moment may make it throw instead.
     */
    boolean recordSignature(SigningJob job, PayloadReceipt receipt);

    /** The job {@code requestedBy} created with {@code clientRequestToken}, by either operation. */
    Optional<SigningJob> findByClientToken(String requestedBy, String clientRequestToken);

    /** The receipt of a token-carrying SignPayload job; empty for any other job. */
    Optional<PayloadReceipt> payloadReceipt(String jobId);

    Optional<SigningJob> find(String jobId);

    /** Jobs matching {@code filter}, newest first, after {@code cursor}; at most {@code limit}. */
    List<SigningJob> list(JobFilter filter, Optional<JobCursor> cursor, int limit);

    /**
     * Ids of InProgress jobs nobody holds a live lease on at {@code now} and that wait for no
     * approvals, oldest first.
     */
    List<String> claimable(Instant now, int limit);

    /**
     * Takes the lease of an InProgress job for {@code worker} until {@code until}, if nobody else
     * holds a live lease at {@code now}; counts the attempt and increments the job's fencing token.
     *
     * @return the lease, or empty when the job was not claimable
     */
    Optional<JobLease> claim(String jobId, String worker, Instant now, Instant until);

    /**
     * Claims up to {@code limit} claimable jobs at once, oldest first, as {@link #claim} does each.
     * Workers of several nodes asking at the same moment get different jobs (on PostgreSQL the rows
     * are locked with {@code FOR UPDATE SKIP LOCKED}, so none waits for another's choice).
     */
    List<JobLease> claimNext(String worker, Instant now, Instant until, int limit);

    /**
     * Extends a lease that is still current to {@code until} (a worker's heartbeat while it signs).
     *
     * @return false when the job is no longer InProgress under this lease's fence: it was taken over
     */
    boolean extend(JobLease lease, Instant until);

    /** Gives back a lease whose job this worker did not start, without counting the attempt. */
    boolean release(JobLease lease);

    /** How many jobs are InProgress, and how many of them nobody holds a live lease on at {@code now}. */
    JobCounts inProgress(Instant now);

    /** Drops every lease (embedded single-node start: no other worker can hold one). */
    int releaseAllLeases();

    /**
     * Finishes an InProgress job whose lease is still current: Failed with {@code statusReason}
     * (Succeeded is recorded only with its output, by {@link #succeededIf}).
     *
     * @return false, changing nothing, when the job is no longer InProgress or carries another fence
     */
    boolean fail(JobLease lease, String statusReason, Instant completedAt);

    /**
     * The condition under which a job's output is written ({@code ObjectStore.putIf}): in the
     * transaction that commits the output, the job is recorded Succeeded with {@code signedObject},
     * {@code signatureId} and {@code artifactDigest} ({@code LABEL:HEX}, as {@link
     * SigningJob#artifactDigest}), only if it is still InProgress under this lease's fence and its
     * profile version is still the current version of an Active profile (as {@link
     * #recordSignature} requires). When that record changes no row the output is not written either:
     * a worker whose lease was taken over, or whose profile stopped, publishes nothing.
     */
    CommitCondition succeededIf(
            JobLease lease,
            SignedObject signedObject,
            Optional<String> signatureId,
            String artifactDigest,
            Instant completedAt);

    /**
     * Records the revocation of a job's signature, once: revocation is irreversible.
     *
     * @return false, changing nothing, when the job does not exist or is already revoked
     */
    boolean revoke(String jobId, JobRevocation revocation);
}
