package dev.signet.core.verify;

import dev.signet.core.tsa.TimestampEvidence;
import java.time.Instant;
import java.util.Optional;

/**
 * TIMESTAMP: passes when the signature carries no time-stamp token (its signing time is the one
 * Signet recorded), or a token from a trusted authority (chain to a trusted root, critical
 * timeStamping EKU) whose time is within the signer certificate's validity; UNTRUSTED_TIMESTAMP
 * otherwise. A damaged token, or one over other data, already failed INTEGRITY in the format.
 */
final class TimestampCheck {
    private TimestampCheck() {}

    static CheckResult check(SignerFacts facts) {
        Optional<TimestampEvidence> token = facts.evidence().timestamp();
        if (token.isEmpty()) {
            return new CheckResult(
                    Check.TIMESTAMP, true, ReasonCode.OK, "not time-stamped; signing time as Signet recorded it");
        }
        Instant at = token.get().time();
        String tsa = name(token.get());
        if (facts.trustedTimestamp().isEmpty()) {
            return fail("the time-stamp authority " + tsa + " is not trusted");
        }
        if (at.isBefore(facts.notBefore()) || at.isAfter(facts.notAfter())) {
            return fail("time-stamped at " + at + ", outside the signer certificate's validity " + facts.notBefore()
                    + " to " + facts.notAfter());
        }
        return new CheckResult(
                Check.TIMESTAMP, true, ReasonCode.OK, "time-stamped at " + at + " by trusted authority " + tsa);
    }

    /** The authority's subject, on one line and bounded: it is the signature's claim, shown to users. */
    private static String name(TimestampEvidence token) {
        String name = token.chain().get(0).getSubjectX500Principal().getName().replaceAll("\\p{Cntrl}", "?");
        return name.length() > 160 ? name.substring(0, 160) + "..." : name;
    }

    private static CheckResult fail(String message) {
        return new CheckResult(Check.TIMESTAMP, false, ReasonCode.UNTRUSTED_TIMESTAMP, message);
    }
}
