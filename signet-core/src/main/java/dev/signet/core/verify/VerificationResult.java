package dev.signet.core.verify;

import dev.signet.core.format.SignatureEvidence;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One result per check; valid only when every check passed.
 *
 * @param checks every check, in {@link Check} order
 * @param evidence what the format found in the signature, when it could be parsed (also when it is
 *     not intact); empty for an unsigned artifact or a signature that does not parse
 * @param signature what the verifier made of that evidence (signature id, signer profile versions,
 *     trusted signing time, expiry), when the signature names a signer certificate
 * @param internalError present exactly when Signet itself failed while verifying (the INTEGRITY
 *     check's reason is then {@link ReasonCode#INTERNAL_ERROR}): the caller logs it and answers an
 *     internal error, never a verdict on the signature
 */
public record VerificationResult(
        List<CheckResult> checks,
        Optional<SignatureEvidence> evidence,
        Optional<SignatureSummary> signature,
        Optional<VerificationFailure> internalError) {
    public VerificationResult {
        checks = List.copyOf(checks);
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(internalError, "internalError");
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("a verification reports at least one check");
        }
        if (signature.isPresent() && evidence.isEmpty()) {
            throw new IllegalArgumentException("a signature summary comes from evidence");
        }
        boolean internal =
                checks.stream().anyMatch(c -> c.check() == Check.INTEGRITY && c.reason() == ReasonCode.INTERNAL_ERROR);
        if (internal != internalError.isPresent()) {
            throw new IllegalArgumentException("an INTERNAL_ERROR result carries its failure, and only it");
        }
    }

    /** A result of a verification that ran (no internal error). */
    public VerificationResult(
            List<CheckResult> checks, Optional<SignatureEvidence> evidence, Optional<SignatureSummary> signature) {
        this(checks, evidence, signature, Optional.empty());
    }

    /** A result without evidence (nothing was found, or nothing parsed). */
    public VerificationResult(List<CheckResult> checks) {
        this(checks, Optional.empty(), Optional.empty());
    }

    public boolean valid() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(c -> !c.passed()).toList();
    }

    /** The result of {@code check}, if it was reported. */
    public Optional<CheckResult> check(Check check) {
        return checks.stream().filter(c -> c.check() == check).findFirst();
    }
}
