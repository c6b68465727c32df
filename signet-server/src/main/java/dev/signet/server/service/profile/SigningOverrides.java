package dev.signet.server.service.profile;

import java.util.Objects;
import java.util.Optional;

/**
 * The model's {@code SigningPlatformOverrides}: a different encryption or hash algorithm or image
 * format than the platform's defaults. Values are the model's enum names, already validated.
 */
public record SigningOverrides(
        Optional<String> encryptionAlgorithm, Optional<String> hashAlgorithm, Optional<String> signingImageFormat) {
    public static final SigningOverrides NONE =
            new SigningOverrides(Optional.empty(), Optional.empty(), Optional.empty());

    public SigningOverrides {
        Objects.requireNonNull(encryptionAlgorithm, "encryptionAlgorithm");
        Objects.requireNonNull(hashAlgorithm, "hashAlgorithm");
        Objects.requireNonNull(signingImageFormat, "signingImageFormat");
    }

    public boolean isEmpty() {
        return encryptionAlgorithm.isEmpty() && hashAlgorithm.isEmpty() && signingImageFormat.isEmpty();
    }
}
