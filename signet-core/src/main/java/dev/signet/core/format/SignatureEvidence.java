package dev.signet.core.format;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a format found in a signature, for the verification engine to judge.
 *
 * @param formatId the {@link SignatureFormat#id()} that parsed it
 * @param intact whether the signature is cryptographically valid over the subject with the key of
 *     {@code chain.get(0)}
 * @param integrityDetail why not, when not intact (one line, safe to show); empty when intact
 * @param chain certificates carried by the signature, signer first; empty if none could be read
 * @param signingTime the signing time the signature claims (signed attribute), if any
 * @param timestamp a verified RFC 3161 time-stamp token over the signature value, if it carries one
 */
public record SignatureEvidence(
        String formatId,
        boolean intact,
        String integrityDetail,
        List<X509Certificate> chain,
        Optional<Instant> signingTime,
        Optional<TimestampEvidence> timestamp) {
    public SignatureEvidence {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(formatId, "formatId");
        Objects.requireNonNull(integrityDetail, "integrityDetail");
        chain = List.copyOf(chain);
        Objects.requireNonNull(signingTime, "signingTime");
    }

    /** Evidence of a signature that carries no time-stamp token. */
    public SignatureEvidence(
            String formatId,
            boolean intact,
            String integrityDetail,
            List<X509Certificate> chain,
            Optional<Instant> signingTime) {
        this(formatId, intact, integrityDetail, chain, signingTime, Optional.empty());
    }

    /** The same evidence with {@code timestamp} attached. */
    public SignatureEvidence withTimestamp(TimestampEvidence timestamp) {
        return new SignatureEvidence(formatId, intact, integrityDetail, chain, signingTime, Optional.of(timestamp));
    }
}
