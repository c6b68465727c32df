package dev.signet.core.tsa;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 3161 time-stamp token found on a signature, already checked by the format: its signature
 * is valid with the key of {@code chain.get(0)}, that certificate has the critical timeStamping
 * EKU, and its message imprint is the digest of the signature value it countersigns. Whether the
 * chain is trusted is the verification engine's to judge.
 *
 * @param time the token's genTime
 * @param chain the certificates the token carries, time-stamping signer first
 */
public record TimestampEvidence(Instant time, List<X509Certificate> chain) {
    public TimestampEvidence {
        Objects.requireNonNull(time, "time");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a timestamp needs its signer's certificate");
        }
    }
}
