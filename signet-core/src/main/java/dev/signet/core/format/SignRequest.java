package dev.signet.core.format;

import dev.signet.core.crypto.SigningKey;
import dev.signet.core.tsa.Timestamper;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link SignatureFormat} needs to sign one subject.
 *
 * @param timestamper the time-stamp authority whose token formats that support one attach to the
 *     signature value; empty to sign without a timestamp
 */
public record SignRequest(
        Subject subject, SigningKey key, SignatureMetadata metadata, Optional<Timestamper> timestamper) {
    public SignRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(timestamper, "timestamper");
    }

    /** A request signed without a timestamp. */
    public SignRequest(Subject subject, SigningKey key, SignatureMetadata metadata) {
        this(subject, key, metadata, Optional.empty());
    }
}
