package dev.signet.core.verify;

import dev.signet.core.revocation.RevocationList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A deploy gate's answer: allowed or blocked, under which action, with every check's result.
 *
 * <p>The failures it classifies: an <em>integrity failure</em> (INTEGRITY check, reason INTEGRITY
 * or MALFORMED: the artifact or its signature was changed or is broken) blocks under both actions;
 * every other failure blocks under Enforce and is a warning under Warn, as Lambda treats them. An
 * artifact with no signature at all is its own failure, named {@code UNSIGNED} ({@link
 * #failureName}): not an integrity failure, it blocks under Enforce and warns under Warn, as Lambda
 * does with unsigned code. A verification Signet itself could not finish (INTEGRITY reason {@link
 * ReasonCode#INTERNAL_ERROR}) is named {@code INTERNAL_ERROR} and blocks under both actions: the
 * gate fails closed, without blaming the signature. When INTEGRITY failed (UNSIGNED and
 * INTERNAL_ERROR included) the other checks were not run and are not classified, so a failure is
 * named once.
 *
 * @param allowed whether the artifact may run
 * @param action the policy's action
 * @param result every check, as the verifier reported it
 * @param blocking the failed checks that block (integrity failures always; every failure under
 *     Enforce), each named by {@link #failureName}
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
     * blocks; every other failure, UNSIGNED included, blocks under Enforce and is a warning under Warn.
     * An internal error blocks under both.
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
            if (isIntegrityFailure(c) || isInternalError(c) || action == UntrustedArtifactAction.ENFORCE) {
                blocking.add(c);
            } else {
                warnings.add(c);
            }
        }
        return new Decision(blocking.isEmpty(), action, result, blocking, warnings, revocationList);
    }

    /** Whether {@code c} is an integrity failure: changed or broken, never allowed under any policy. */
    public static boolean isIntegrityFailure(CheckResult c) {
        return c.check() == Check.INTEGRITY
                && (c.reason() == ReasonCode.INTEGRITY || c.reason() == ReasonCode.MALFORMED);
    }

    /** Whether {@code c} says Signet could not verify at all: never the artifact's fault, never allowed. */
    public static boolean isInternalError(CheckResult c) {
        return c.check() == Check.INTEGRITY && c.reason() == ReasonCode.INTERNAL_ERROR;
    }

    /**
     * What a failure is called in {@code blocking} and {@code warnings}: {@code UNSIGNED} for an
     * artifact with no signature (the INTEGRITY check's reason UNSIGNED, which is no integrity
     * failure), {@code INTERNAL_ERROR} when Signet could not verify, else the failed check's name
     * ({@code INTEGRITY}, {@code CHAIN}, ...).
     */
    public static String failureName(CheckResult c) {
        if (c.check() == Check.INTEGRITY
                && (c.reason() == ReasonCode.UNSIGNED || c.reason() == ReasonCode.INTERNAL_ERROR)) {
            return c.reason().name();
        }
        return c.check().name();
    }
}
