package dev.signet.server.http.verify;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.SignatureFormats;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.TimestampEvidence;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deploy gate is given for one cell: the subject (a file, a digest or a payload) and the
 * detached signature, empty when there is none or the file embeds it.
 */
public record Sample(Subject subject, byte[] signature) {
    public Sample {
        Objects.requireNonNull(subject, "subject");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The evidence the signature's own format finds (read directly, not through the gate). */
    SignatureEvidence evidence() {
        try {
            SignatureFormat format = signature.length > 0
                    ? SignatureFormats.detect(signature).orElseThrow()
                    : SignatureFormats.detectEmbedded(((Subject.File) subject).path())
                            .orElseThrow();
            return format.verify(subject, signature);
        } catch (FormatException e) {
            throw new AssertionError("a fixture signature does not parse", e);
        }
    }

    /**
     * The signing time the gate trusts: the time-stamp token's time, else the time the signature
     * claims; empty when it carries neither (then a revoked profile revokes it whenever it was made).
     */
    Optional<Instant> trustedSigningTime() {
        SignatureEvidence evidence = evidence();
        return evidence.timestamp().map(TimestampEvidence::time).or(evidence::signingTime);
    }
}
