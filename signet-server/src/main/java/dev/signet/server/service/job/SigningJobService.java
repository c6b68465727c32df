package dev.signet.server.service.job;

import dev.signet.server.service.Caller;
import dev.signet.server.service.PageTokens;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.profile.SigningProfile;
import dev.signet.server.service.profile.SigningProfileService;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code StartSigningJob}, {@code DescribeSigningJob} and {@code ListSigningJobs}. A started job is
 * stored InProgress before the call returns and then run by the {@link JobRunner}; the same client
 * request token from the same caller always yields the same job and never a second signature.
 */
public final class SigningJobService {
    private static final int DEFAULT_PAGE = 25;
    private static final int MAX_TOKEN_LENGTH = 256;

    private final JobRepository jobs;
    private final SigningProfileService profiles;
    private final JobRunner runner;
    private final PageTokens pageTokens;
    private final Clock clock;
    private final JobApprovals approvals;

    public SigningJobService(
            JobRepository jobs, SigningProfileService profiles, JobRunner runner, PageTokens pageTokens, Clock clock) {
        this(jobs, profiles, runner, pageTokens, clock, JobApprovals.NONE);
    }

    /** As above; jobs on profiles that require approvals wait for them ({@code approvals}). */
    public SigningJobService(
            JobRepository jobs,
            SigningProfileService profiles,
            JobRunner runner,
            PageTokens pageTokens,
            Clock clock,
            JobApprovals approvals) {
        this.approvals = approvals;
        this.jobs = jobs;
        this.profiles = profiles;
        this.runner = runner;
        this.pageTokens = pageTokens;
        this.clock = clock;
    }

    public SigningJob start(Caller caller, StartJobRequest request) {
        String token = required("clientRequestToken", request.clientRequestToken());
        Validation.length("clientRequestToken", token, 1, MAX_TOKEN_LENGTH);
        S3Source source = new S3Source(
                required("source.s3.bucketName", request.sourceBucket()),
                required("source.s3.key", request.sourceKey()),
                required("source.s3.version", request.sourceVersion()));
        S3Destination destination = new S3Destination(
                required("destination.s3.bucketName", request.destinationBucket()),
                request.destinationPrefix().orElse(""));
        Validation.length("destination.s3.prefix", destination.prefix(), 0, 900);
        SigningProfile profile = profiles.activeForSigning(caller, request.profileName(), request.profileOwner());

        // stored with millisecond precision; keep the returned value equal to the stored one
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<ApprovalGate> gate = approvals.gateFor(profile, now);
        SigningJob candidate = new SigningJob(
                UUID.randomUUID().toString(),
                profile.ownerAccount(),
                caller.accountId(),
                caller.principalArn(),
                Optional.of(token),
                profile.name(),
                profile.version(),
                profile.platformId(),
                profile.platformDisplayName(),
                profile.certificateArn(),
                Optional.of(source),
                Optional.of(destination),
                Optional.empty(),
                profile.overrides(),
                profile.signingParameters(),
                JobStatus.InProgress,
                gate.map(g -> waitingReason(g.quorum())),
                now,
                Optional.empty(),
                profile.validity().after(now),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
        SigningJob stored = jobs.insertIdempotent(candidate, gate);
        if (stored != candidate && !sameRequest(stored, candidate)) {
            throw ServiceException.validation(
                    "clientRequestToken was already used for a different signing job (" + stored.jobId() + ")");
        }
        if (stored.status() == JobStatus.InProgress && gate.isEmpty()) {
            runner.wake(stored.jobId());
        }
        return stored;
    }

    /** The status reason of a job no approver has approved yet. */
    public static String waitingReason(int quorum) {
        return "waiting for approvals (0 of " + quorum + ")";
    }

    public SigningJob describe(Caller caller, String jobId) {
        Validation.require("jobId", jobId);
        return Optional.of(jobId)
                .filter(id -> Validation.JOB_ID.matcher(id).matches())
                .flatMap(jobs::find)
                .filter(job -> visibleTo(caller, job))
                .map(approvals::settled)
                .orElseThrow(() ->
                        ServiceException.notFound("signing job " + Validation.printable(jobId) + " does not exist"));
    }

    public JobPage list(Caller caller, JobFilter requested, Optional<Integer> maxResults, Optional<String> nextToken) {
        Validation.maxResults(maxResults);
        JobFilter filter = new JobFilter(
                caller.accountId(),
                requested.status(),
                requested.platformId(),
                requested.requestedBy(),
                requested.revoked(),
                requested.signatureExpiresBefore(),
                requested.signatureExpiresAfter(),
                Validation.accountId("jobInvoker", requested.jobInvoker()));
        Optional<JobCursor> cursor =
                pageTokens.open(filter.fingerprint(), nextToken).map(SigningJobService::cursor);
        int limit = maxResults.orElse(DEFAULT_PAGE);
        List<SigningJob> rows = jobs.list(filter, cursor, limit + 1);
        if (rows.size() <= limit) {
            return new JobPage(rows, Optional.empty());
        }
        List<SigningJob> page = rows.subList(0, limit);
        SigningJob last = page.get(limit - 1);
        String position = last.createdAt().toEpochMilli() + ":" + last.jobId();
        return new JobPage(page, Optional.of(pageTokens.issue(filter.fingerprint(), position)));
    }

    private static JobCursor cursor(String position) {
        int colon = position.indexOf(':');
        return new JobCursor(
                Instant.ofEpochMilli(Long.parseLong(position.substring(0, colon))), position.substring(colon + 1));
    }

    private static boolean visibleTo(Caller caller, SigningJob job) {
        return job.jobOwner().equals(caller.accountId()) || job.jobInvoker().equals(caller.accountId());
    }

    private static boolean sameRequest(SigningJob earlier, SigningJob now) {
        return earlier.profileName().equals(now.profileName())
                && earlier.source().equals(now.source())
                && earlier.destination().equals(now.destination());
    }

    private static String required(String member, Optional<String> value) {
        return Validation.require(member, value.orElse(null));
    }
}
