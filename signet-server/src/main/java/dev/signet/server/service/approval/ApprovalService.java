package dev.signet.server.service.approval;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import dev.signet.server.service.approval.ApprovalRepository.Outcome;
import dev.signet.server.service.approval.JobApproval.Decision;
import dev.signet.server.service.iam.IamGroupRepository;
import dev.signet.server.service.job.ApprovalGate;
import dev.signet.server.service.job.JobApprovals;
import dev.signet.server.service.job.JobRepository;
import dev.signet.server.service.job.JobRunner;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.service.profile.ProfileRepository;
import dev.signet.server.service.profile.ProfileStatus;
import dev.signet.server.service.profile.SigningProfile;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Approvals (n of m) of signing jobs: {@code ApproveSigningJob}, {@code RejectSigningJob} and the
 * native view of a job with its decisions; the gate a StartSigningJob waits behind and
 * SignPayload's refusal ({@link JobApprovals}); the settling of jobs whose window ended or whose
 * profile stopped (on read and by the {@link ApprovalSweeper}).
 *
 * <p>A decision is refused, recording nothing: from the job's requester (the same principal ARN;
 * for a role session, the same session ARN), from a principal that neither the approvers the job
 * was started with nor the profile's current policy name (both must: removing an approver from the
 * policy takes effect on waiting jobs at once; removing the policy leaves them to expire), and on
 * a job that does not wait for approvals. A second decision by the same approver counts nothing.
 */
public final class ApprovalService implements JobApprovals {
    private static final int MAX_REASON = 1024;
    private static final int SWEEP_BATCH = 100;

    /** What a decision did, and the job after it. */
    public record Decided(Outcome outcome, JobApprovalView view) {}

    /** A job, the gate it was started behind (empty when it needed none) and the decisions on it. */
    public record JobApprovalView(SigningJob job, Optional<JobGate> gate, List<JobApproval> decisions) {}

    private final ApprovalRepository repository;
    private final ApprovalPolicyService policies;
    private final JobRepository jobs;
    private final ProfileRepository profiles;
    private final ApproverCheck approvers;
    private final JobRunner runner;
    private final Clock clock;

    public ApprovalService(
            ApprovalRepository repository,
            ApprovalPolicyService policies,
            JobRepository jobs,
            ProfileRepository profiles,
            IamGroupRepository groups,
            JobRunner runner,
            Clock clock) {
        this.repository = repository;
        this.policies = policies;
        this.jobs = jobs;
        this.profiles = profiles;
        this.approvers = new ApproverCheck(groups);
        this.runner = runner;
        this.clock = clock;
    }

    public Decided approve(Caller caller, String jobId, Optional<String> jobOwner, Optional<String> reason) {
        return decide(caller, jobId, jobOwner, Decision.APPROVED, reason);
    }

    public Decided reject(Caller caller, String jobId, Optional<String> jobOwner, Optional<String> reason) {
        if (reason.isEmpty() || reason.get().isBlank()) {
            throw ServiceException.validation("reason is required to reject a signing job");
        }
        return decide(caller, jobId, jobOwner, Decision.REJECTED, reason);
    }

    /** The job (settled: see {@link #settled}), its gate and its decisions. */
    public JobApprovalView view(Caller caller, String jobId, Optional<String> jobOwner) {
        SigningJob job = settled(find(caller, jobId, jobOwner));
        return new JobApprovalView(job, repository.gate(jobId), repository.decisions(jobId));
    }

    private Decided decide(
            Caller caller, String jobId, Optional<String> jobOwner, Decision decision, Optional<String> reason) {
        reason.ifPresent(r -> Validation.length("reason", r, 1, MAX_REASON));
        SigningJob job = settled(find(caller, jobId, jobOwner));
        JobGate gate = repository
                .gate(jobId)
                .orElseThrow(() -> ServiceException.validation("signing job " + jobId + " does not need approvals"));
        if (!gate.awaiting() || job.status() != JobStatus.InProgress) {
            throw notWaiting(job);
        }
        String verb = decision == Decision.APPROVED ? "approve" : "reject";
        if (caller.principalArn().equals(job.requestedBy())) {
            throw ServiceException.accessDenied(caller.principalArn() + " requested signing job " + jobId
                    + " and cannot " + verb + " it: approvals must come from other principals");
        }
        Optional<ApprovalPolicy> current = policies.current(job.jobOwner(), job.profileName());
        if (!approvers.matches(caller, gate.gate().approvers())
                || current.isEmpty()
                || !approvers.matches(caller, current.get().approvers())) {
            throw ServiceException.accessDenied(caller.principalArn() + " is not an approver of signing job " + jobId
                    + " (signing profile " + job.profileName() + "'s approval policy does not name it)");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Outcome outcome = repository.decide(
                jobId,
                new JobApproval(caller.principalArn(), decision, reason.filter(r -> !r.isBlank()), now),
                ApprovalReasons.INSTANCE);
        if (outcome == Outcome.NOT_WAITING) {
            throw notWaiting(jobs.find(jobId).orElse(job));
        }
        if (outcome == Outcome.RELEASED) {
            runner.wake(jobId);
        }
        return new Decided(outcome, view(caller, jobId, jobOwner));
    }

    private static ServiceException notWaiting(SigningJob job) {
        return ServiceException.conflict("signing job " + job.jobId() + " is not waiting for approvals (status "
                + job.status() + job.statusReason().map(r -> ": " + r).orElse("") + ")");
    }

    private SigningJob find(Caller caller, String jobId, Optional<String> jobOwner) {
        Validation.require("jobId", jobId);
        String owner = Validation.accountId("jobOwner", jobOwner).orElse(caller.accountId());
        return Optional.of(jobId)
                .filter(id -> Validation.JOB_ID.matcher(id).matches())
                .flatMap(jobs::find)
                .filter(job -> job.jobOwner().equals(owner))
                .orElseThrow(() ->
                        ServiceException.notFound("signing job " + Validation.printable(jobId) + " does not exist"));
    }

    @Override
    public Optional<ApprovalGate> gateFor(SigningProfile profile, Instant now) {
        return policies.current(profile.ownerAccount(), profile.name())
                .map(p -> new ApprovalGate(p.quorum(), p.approvers(), now.plus(p.window())));
    }

    @Override
    public void refuseIfRequired(SigningProfile profile) {
        Optional<ApprovalPolicy> policy = policies.cached(profile);
        if (policy.isPresent()) {
            throw ServiceException.validation("signing profile " + profile.name() + " requires "
                    + policy.get().quorum() + " approvals per signature; SignPayload cannot wait for them: use"
                    + " StartSigningJob and have its approvers run signet job approve");
        }
    }

    @Override
    public SigningJob settled(SigningJob job) {
        if (job.status() != JobStatus.InProgress
                || !job.statusReason().orElse("").startsWith(ApprovalReasons.WAITING_PREFIX)) {
            return job;
        }
        Optional<JobGate> gate = repository.gate(job.jobId()).filter(JobGate::awaiting);
        if (gate.isEmpty()) {
            return job;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<String> ended = endedReason(job, gate.get().gate(), now);
        if (ended.isEmpty()) {
            return job;
        }
        repository.failWaiting(job.jobId(), ended.get(), now);
        return jobs.find(job.jobId()).orElse(job);
    }

    /** Fails every waiting job whose window ended or whose profile stopped; returns how many. */
    public int sweep() {
        int failed = 0;
        for (String jobId : repository.unsettled(clock.instant(), SWEEP_BATCH)) {
            Optional<SigningJob> job = jobs.find(jobId);
            if (job.isPresent() && settled(job.get()).status() == JobStatus.Failed) {
                failed++;
            }
        }
        return failed;
    }

    /** Why a waiting job can wait no longer: its window ended, or its profile version cannot sign. */
    private Optional<String> endedReason(SigningJob job, ApprovalGate gate, Instant now) {
        if (!now.isBefore(gate.deadline())) {
            return Optional.of(
                    ApprovalReasons.expired(gate.deadline(), repository.decisions(job.jobId()), gate.quorum()));
        }
        Optional<SigningProfile> profile = profiles.find(job.jobOwner(), job.profileName());
        if (profile.isEmpty()) {
            return Optional.of(ApprovalReasons.profileStopped(job.profileName(), "was deleted"));
        }
        if (profile.get().status() != ProfileStatus.Active) {
            return Optional.of(ApprovalReasons.profileStopped(
                    job.profileName(), "became " + profile.get().status()));
        }
        if (!profile.get().version().equals(job.profileVersion())) {
            return Optional.of(ApprovalReasons.profileStopped(
                    job.profileName(),
                    "moved from version " + job.profileVersion() + " to "
                            + profile.get().version()));
        }
        return Optional.empty();
    }
}
