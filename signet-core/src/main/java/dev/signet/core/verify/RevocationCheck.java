package dev.signet.core.verify;

import dev.signet.core.revocation.RevocationList;
import dev.signet.core.revocation.RevokedProfileVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * REVOCATION against one revocation list, in this precedence: SIGNATURE_REVOKED (the signature's id
 * is listed, whatever its signing time); PROFILE_REVOKED (a profile version the signer signs for is
 * listed effective at or before the trusted signing time, or the signing time is unknown and the
 * version does not list the signature as one Signet recorded as made before the effective time);
 * REVOCATION_UNKNOWN (the signature has no id to look up); REVOCATION_STALE (the list is past its
 * next update). A revoked signature is reported revoked even from a stale list.
 */
final class RevocationCheck {
    private final RevocationList list;

    RevocationCheck(RevocationList list) {
        this.list = list;
    }

    RevocationList list() {
        return list;
    }

    CheckResult check(SignerFacts facts, Instant now) {
        Optional<String> id = facts.evidence().signatureId();
        if (id.isPresent() && list.signature(id.get()).isPresent()) {
            var revoked = list.signature(id.get()).get();
            return fail(
                    ReasonCode.SIGNATURE_REVOKED,
                    "the signature (job " + revoked.jobArn() + ") was revoked at " + revoked.revokedAt());
        }
        List<String> spared = new ArrayList<>();
        for (String arn : facts.profileVersionArns()) {
            Optional<RevokedProfileVersion> revoked = list.profileVersion(arn);
            if (revoked.isPresent()) {
                Instant from = revoked.get().effectiveFrom();
                if (facts.signingTime().isEmpty()) {
                    if (id.isPresent() && revoked.get().spares(id.get())) {
                        // no trusted signing time, but Signet recorded making it before effectiveFrom
                        spared.add(arn + " is revoked effective " + from
                                + "; the signature was signed before the effective time, as Signet recorded");
                        continue;
                    }
                    return fail(
                            ReasonCode.PROFILE_REVOKED,
                            arn + " is revoked effective " + from + " and the signing time is unknown");
                }
                if (revoked.get().covers(facts.signingTime().get())) {
                    return fail(
                            ReasonCode.PROFILE_REVOKED,
                            arn + " is revoked effective " + from + ", at or before the signing time "
                                    + facts.signingTime().get());
                }
            }
        }
        if (id.isEmpty()) {
            return fail(
                    ReasonCode.REVOCATION_UNKNOWN,
                    "the signature value is unknown, so its revocation cannot be looked up");
        }
        if (list.stale(now)) {
            return fail(
                    ReasonCode.REVOCATION_STALE,
                    "the revocation list issued " + list.issuedAt() + " is past its next update " + list.nextUpdate());
        }
        return new CheckResult(
                Check.REVOCATION,
                true,
                ReasonCode.OK,
                "not revoked (revocation list issued " + list.issuedAt() + ", next update " + list.nextUpdate() + ")"
                        + (spared.isEmpty() ? "" : "; " + String.join("; ", spared)));
    }

    private static CheckResult fail(ReasonCode reason, String message) {
        return new CheckResult(Check.REVOCATION, false, reason, message);
    }
}
