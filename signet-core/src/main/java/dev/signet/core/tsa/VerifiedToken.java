package dev.signet.core.tsa;

import java.util.Objects;

/**
 * A DER time-stamp token ready to embed, with what {@link TimestampVerifier#verify} reports for it
 * over the bytes it countersigns.
 */
public record VerifiedToken(byte[] der, TimestampEvidence evidence) {
    public VerifiedToken {
        der = Objects.requireNonNull(der, "der").clone();
        Objects.requireNonNull(evidence, "evidence");
    }

    @Override
    public byte[] der() {
        return der.clone();
    }
}
