package dev.signet.core.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the verifier established about a signature it found, for callers to report: which signature
 * (its id), whose (profile versions), when (the trusted signing time) and until when (its expiry).
 * Trustworthy only as far as the checks passed: for a signature that failed INTEGRITY or CHAIN it
 * is what the signature claims.
 *
 * @param signatureId lower-case hex SHA-256 of the signature value; empty when the format could
 *     not name the value
 * @param profileVersionArns the signer's profile versions: the Signet-issued certificate's URI
 *     subject alternative name, or an imported certificate's bindings; empty when neither names one
 * @param signingTime the trusted signing time: a trusted time-stamp token's time, else the signing
 *     time the signature claims; empty when unknown
 * @param timestamped whether {@code signingTime} comes from a trusted time-stamp token
 * @param expiresAt the signature's expiry: the expiry it carries, else its certificate's notAfter
 */
public record SignatureSummary(
        Optional<String> signatureId,
        List<String> profileVersionArns,
        Optional<Instant> signingTime,
        boolean timestamped,
        Instant expiresAt) {
    public SignatureSummary {
        Objects.requireNonNull(signatureId, "signatureId");
        profileVersionArns = List.copyOf(profileVersionArns);
        Objects.requireNonNull(signingTime, "signingTime");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (timestamped && signingTime.isEmpty()) {
            throw new IllegalArgumentException("a time-stamped signature has a signing time");
        }
    }
}
