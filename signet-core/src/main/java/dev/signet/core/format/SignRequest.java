package dev.signet.core.format;

import dev.signet.core.crypto.SigningKey;
import java.util.Objects;

/** Everything a {@link SignatureFormat} needs to sign one subject. */
public record SignRequest(Subject subject, SigningKey key, SignatureMetadata metadata) {
    public SignRequest {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(metadata, "metadata");
    }
}
