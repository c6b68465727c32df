package dev.signet.server.service.approval;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One approver's recorded decision on a waiting job: who, what, why and when. */
public record JobApproval(String approverArn, Decision decision, Optional<String> reason, Instant decidedAt) {
    /** What an approver decided. */
    public enum Decision {
        APPROVED,
        REJECTED
    }

    public JobApproval {
        Objects.requireNonNull(approverArn, "approverArn");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedAt, "decidedAt");
    }
}
