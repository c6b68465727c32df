package dev.signet.core.verify;

import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampEvidence;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The facts every check after INTEGRITY judges, established once: the signer's certificate, its
 * believed profile versions (see {@link ProfileVersions}), whether a time-stamp token is trusted, and the trusted signing time (the
 * trusted token's time, else the signing time the signature claims, else unknown).
 */
record SignerFacts(
        SignatureEvidence evidence,
        X509Certificate leaf,
        List<String> profileVersionArns,
        Optional<TimestampEvidence> trustedTimestamp,
        Optional<Instant> signingTime) {

    static SignerFacts of(SignatureEvidence evidence, ChainCheck chainCheck, ProfileVersions profiles, Instant now) {
        X509Certificate leaf = evidence.chain().get(0);
        Optional<TimestampEvidence> trusted =
                evidence.timestamp().filter(t -> chainCheck.trustedTimestamp(t.chain(), t.time()));
        Optional<Instant> signingTime =
                trusted.isPresent() ? trusted.map(TimestampEvidence::time) : evidence.signingTime();
        List<String> arns = profiles.of(evidence.chain(), signingTime.orElse(now));
        return new SignerFacts(evidence, leaf, arns, trusted, signingTime);
    }

    Instant notBefore() {
        return leaf.getNotBefore().toInstant();
    }

    Instant notAfter() {
        return leaf.getNotAfter().toInstant();
    }

    /** The signature's expiry: the one it carries, else its certificate's notAfter. */
    Instant expiresAt() {
        return evidence.expiresAt().orElse(notAfter());
    }

    SignatureSummary summary() {
        return new SignatureSummary(
                evidence.signatureId(), profileVersionArns, signingTime, trustedTimestamp.isPresent(), expiresAt());
    }
}
