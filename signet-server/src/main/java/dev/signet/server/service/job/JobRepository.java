package dev.signet.server.service.job;

import dev.signet.server.metrics.JobCounts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable signing jobs. Workers claim InProgress jobs with a lease, so a job is worked on by one
 * worker at a time, and a job whose worker died is claimed again once its lease runs out.
 */
public interface JobRepository {

    /**
     * Stores a new job. When the job carries a client request token that {@code requestedBy} has
     * already used, nothing is stored and the earlier job is returned instead.
     */
    SigningJob insertIdempotent(SigningJob job);

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

    /** Ids of InProgress jobs nobody holds a live lease on at {@code now}, oldest first. */
    List<String> claimable(Instant now, int limit);

    /**
     * Takes the lease of an InProgress job for {@code worker} until {@code until} and counts the
     * attempt, if nobody else holds a live lease at {@code now}.
     *
     * @return the attempt number (1 for the first), or empty when the job was not claimable
     */
    Optional<Integer> claim(String jobId, String worker, Instant now, Instant until);

    /** How many jobs are InProgress, and how many of them nobody holds a live lease on at {@code now}. */
    JobCounts inProgress(Instant now);

    /**
     * Drops {@code worker}'s lease on an InProgress job (a node shutting down gives back the jobs it
     * could not finish, so that another takes them over at once instead of after the lease).
     *
     * @return false, changing nothing, when the job is finished or {@code worker} holds no lease on it
     */
    boolean release(String jobId, String worker);

    /** Drops every lease (embedded single-node start: no other worker can hold one). */
    int releaseAllLeases();

    /**
     * Finishes an InProgress job that {@code worker} holds.
     *
     * @return false when the job is no longer InProgress or held by another worker
     */
    default boolean complete(
            String jobId,
            String worker,
            JobStatus status,
            String statusReason,
            Optional<SignedObject> signedObject,
            Instant completedAt) {
        return complete(jobId, worker, status, statusReason, signedObject, Optional.empty(), completedAt);
    }

    /**
     * As above, recording the id of the signature the job made ({@code SignatureEvidence#signatureId()}).
     * A Succeeded outcome is recorded only if, when the statement runs, the job's profile version is
     * still the current version of an Active profile (as {@link #recordSignature} does), so a job
     * whose profile was canceled or revoked meanwhile is never recorded as Succeeded.
     *
     * @return false when the job is no longer InProgress or held by another worker, or (Succeeded
     *     only) its profile is no longer Active at that version; nothing is changed then
     */
    boolean complete(
            String jobId,
            String worker,
            JobStatus status,
            String statusReason,
            Optional<SignedObject> signedObject,
            Optional<String> signatureId,
            Instant completedAt);

    /**
     * Records the revocation of a job's signature, once: revocation is irreversible.
     *
     * @return false, changing nothing, when the job does not exist or is already revoked
     */
    boolean revoke(String jobId, JobRevocation revocation);
}
