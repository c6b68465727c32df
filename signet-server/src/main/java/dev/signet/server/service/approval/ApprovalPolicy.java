package dev.signet.server.service.approval;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A signing profile's approval requirement: every StartSigningJob on it waits for {@code quorum}
 * distinct approvals from principals {@code approvers} names (IAM user ARNs, role ARNs: any session
 * of the role, group ARNs: any member), given within {@code window} of the job's start. Checked
 * by {@link ApprovalPolicyService#validated} before it is stored.
 */
public record ApprovalPolicy(int quorum, List<String> approvers, Duration window) {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);
    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    public static final int MAX_QUORUM = 10;
    public static final int MAX_APPROVERS = 20;

    public ApprovalPolicy {
        approvers = List.copyOf(approvers);
        Objects.requireNonNull(window, "window");
        if (quorum < 1 || quorum > MAX_QUORUM) {
            throw new IllegalArgumentException("quorum out of range: " + quorum);
        }
        if (approvers.isEmpty() || approvers.size() > MAX_APPROVERS) {
            throw new IllegalArgumentException("approvers out of range: " + approvers.size());
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window out of range: " + window);
        }
    }
}
