package dev.signet.core.verify;

import java.time.Instant;
import java.util.Optional;

/**
 * EXPIRY: the signature's expiry is the one it carries ({@code signatureExpiresAt}), else its
 * certificate's notAfter. EXPIRED when now is past that expiry, or when the trusted signing time is
 * after the certificate's notAfter; NOT_YET_VALID when the signing time or now is before the
 * certificate's notBefore. A time-stamp proves when the signature was made; it does not extend the
 * expiry.
 */
final class ExpiryCheck {
    private ExpiryCheck() {}

    static CheckResult check(SignerFacts facts, Instant now) {
        Instant notBefore = facts.notBefore();
        Instant notAfter = facts.notAfter();
        Instant expiry = facts.expiresAt();
        Optional<Instant> signedAt = facts.signingTime();
        String signed = facts.trustedTimestamp().isPresent() ? "time-stamped at " : "signed at ";
        if (signedAt.isPresent() && signedAt.get().isBefore(notBefore)) {
            return fail(
                    ReasonCode.NOT_YET_VALID,
                    signed + signedAt.get() + ", before the certificate's notBefore " + notBefore);
        }
        if (now.isBefore(notBefore)) {
            return fail(ReasonCode.NOT_YET_VALID, "the certificate is not valid before " + notBefore);
        }
        if (signedAt.isPresent() && signedAt.get().isAfter(notAfter)) {
            return fail(ReasonCode.EXPIRED, signed + signedAt.get() + ", after the certificate expired at " + notAfter);
        }
        String which = facts.evidence().expiresAt().isPresent() ? "its signed expiry" : "its certificate's notAfter";
        if (now.isAfter(expiry)) {
            return fail(ReasonCode.EXPIRED, "the signature expired at " + expiry + " (" + which + ")");
        }
        String prefix = signedAt.map(t -> signed + t + "; ").orElse("signing time unknown; ");
        return new CheckResult(
                Check.EXPIRY, true, ReasonCode.OK, prefix + "valid until " + expiry + " (" + which + ")");
    }

    private static CheckResult fail(ReasonCode reason, String message) {
        return new CheckResult(Check.EXPIRY, false, reason, message);
    }
}
