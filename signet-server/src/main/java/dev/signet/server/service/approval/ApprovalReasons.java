package dev.signet.server.service.approval;

import dev.signet.server.service.approval.JobApproval.Decision;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The status reasons of jobs behind an approval gate, as DescribeSigningJob reports them
 * (docs/signer-api.md): {@code waiting for approvals (1 of 2): approved by ARN at TIME}, then
 * {@code approved (2 of 2): ...}, {@code rejected by ARN at TIME: REASON}, or why the wait ended.
 */
final class ApprovalReasons implements ApprovalRepository.Reasons {
    static final ApprovalReasons INSTANCE = new ApprovalReasons();
    /** What every waiting job's status reason starts with: a cheap test before reading its gate. */
    static final String WAITING_PREFIX = "waiting for approvals (";

    private ApprovalReasons() {}

    @Override
    public String waiting(List<JobApproval> approvals, int quorum) {
        return WAITING_PREFIX + count(approvals) + " of " + quorum + ")" + who(approvals);
    }

    @Override
    public String approved(List<JobApproval> approvals, int quorum) {
        return "approved (" + count(approvals) + " of " + quorum + ")" + who(approvals);
    }

    @Override
    public String rejected(JobApproval rejection) {
        return "rejected by " + rejection.approverArn() + " at " + rejection.decidedAt()
                + rejection.reason().map(r -> ": " + r).orElse("");
    }

    static String expired(Instant deadline, List<JobApproval> decisions, int quorum) {
        return "the approval window ended at " + deadline + " with " + count(decisions) + " of " + quorum
                + " approvals";
    }

    static String profileStopped(String profileName, String state) {
        return "signing profile " + profileName + " " + state + " while the job was waiting for approvals";
    }

    static long count(List<JobApproval> decisions) {
        return decisions.stream().filter(d -> d.decision() == Decision.APPROVED).count();
    }

    private static String who(List<JobApproval> approvals) {
        String list = approvals.stream()
                .filter(d -> d.decision() == Decision.APPROVED)
                .map(d -> "approved by " + d.approverArn() + " at " + d.decidedAt())
                .collect(Collectors.joining("; "));
        return list.isEmpty() ? "" : ": " + list;
    }
}
