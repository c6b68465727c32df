package dev.signet.core.verify;

import dev.signet.core.revocation.RevocationList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deploy gate's answer: allowed or blocked, under which action, with every check's result.
 *
 * <p>When INTEGRITY failed, only the INTEGRITY check is classified (the others were not checked):
 * reason INTEGRITY or MALFORMED blocks always, UNSIGNED blocks under Enforce and warns under Warn.
 * Otherwise every failed check blocks under Enforce and warns under Warn.
 *
 * @param allowed whether the artifact may run
 * @param action the policy's action
 * @param result every check, as the verifier reported it
 * @param blocking the failed checks that block (integrity failures always; every failure under
 *     Enforce)
 * @param warnings the failed checks that were allowed with a warning (under Warn)
 * @param revocationList the revocation list the gate checked against (for its issue and next-update
 *     times); empty only for decisions made without one
 */
public record Decision(
        boolean allowed,
        UntrustedArtifactAction action,
        VerificationResult result,
        List<CheckResult> blocking,
        List<CheckResult> warnings,
        Optional<RevocationList> revocationList) {
    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(result, "result");
        blocking = List.copyOf(blocking);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(revocationList, "revocationList");
        if (allowed != blocking.isEmpty()) {
            throw new IllegalArgumentException("a decision is allowed exactly when nothing blocks");
        }
    }

    /** A decision that names no revocation list. */
    public Decision(
            boolean allowed,
            UntrustedArtifactAction action,
            VerificationResult result,
            List<CheckResult> blocking,
            List<CheckResult> warnings) {
        this(allowed, action, result, blocking, warnings, Optional.empty());
    }

    /**
     * Applies Lambda's rule to a verification: an integrity failure (INTEGRITY or MALFORMED) always
     * blocks; every other failure blocks under Enforce and is a warning under Warn.
     */
    public static Decision of(
            UntrustedArtifactAction action, VerificationResult result, Optional<RevocationList> revocationList) {
        List<CheckResult> failed = result.check(Check.INTEGRITY)
                .filter(c -> !c.passed())
                .map(List::of)
                .orElse(result.failures());
        List<CheckResult> blocking = new java.util.ArrayList<>();
        List<CheckResult> warnings = new java.util.ArrayList<>();
        for (CheckResult c : failed) {
            boolean integrity = c.check() == Check.INTEGRITY
                    && (c.reason() == ReasonCode.INTEGRITY || c.reason() == ReasonCode.MALFORMED);
            if (integrity || action == UntrustedArtifactAction.ENFORCE) {
                blocking.add(c);
            } else {
                warnings.add(c);
            }
        }
        return new Decision(blocking.isEmpty(), action, result, blocking, warnings, revocationList);
    }
}
