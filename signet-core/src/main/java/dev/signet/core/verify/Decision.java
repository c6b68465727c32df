package dev.signet.core.verify;

import java.util.List;
import java.util.Objects;

/**
 * A deploy gate's answer: allowed or blocked, under which action, with every check's result.
 *
 * @param allowed whether the artifact may run
 * @param action the policy's action
 * @param result every check, as the verifier reported it
 * @param blocking the failed checks that block (integrity failures always; every failure under
 *     Enforce)
 * @param warnings the failed checks that were allowed with a warning (under Warn)
 */
public record Decision(
        boolean allowed,
        UntrustedArtifactAction action,
        VerificationResult result,
        List<CheckResult> blocking,
        List<CheckResult> warnings) {
    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
        blocking = List.copyOf(blocking);
        warnings = List.copyOf(warnings);
        if (allowed != blocking.isEmpty()) {
            throw new IllegalArgumentException("a decision is allowed exactly when nothing blocks");
        }
    }
}
