package dev.signet.server.service.approval;

import dev.signet.server.service.job.ApprovalGate;
import java.util.Objects;

/**
 * The approval gate a job was stored behind, and whether it still waits behind it ({@code
 * awaiting}: InProgress and not yet approved, rejected or expired).
 */
public record JobGate(ApprovalGate gate, boolean awaiting) {
    public JobGate {
        Objects.requireNonNull(gate, "gate");
    }
}
