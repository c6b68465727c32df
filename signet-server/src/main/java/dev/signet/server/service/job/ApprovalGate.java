package dev.signet.server.service.job;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a job started on a profile that requires approvals must wait for, fixed when the job is
 * stored: {@code quorum} distinct approvals from principals the {@code approvers} list names (IAM
 * user, role or group ARNs), none of them the requester, before {@code deadline}. A job carrying a
 * gate is not claimed by any worker until the quorum is reached.
 */
public record ApprovalGate(int quorum, List<String> approvers, Instant deadline) {
    public ApprovalGate {
        approvers = List.copyOf(approvers);
        Objects.requireNonNull(deadline, "deadline");
        if (quorum < 1 || approvers.isEmpty()) {
            throw new IllegalArgumentException("a gate needs a quorum of at least one and an approver");
        }
    }
}
