package dev.signet.core.format;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the signed artifact lives in an object store, for formats that point at it (the {@code
 * payloadLocation} of AWS IoT's detached JSON). Informational: no format signs it.
 */
public record ArtifactLocation(String bucketName, String key, Optional<String> version) {
    public ArtifactLocation {
        Objects.requireNonNull(bucketName, "bucketName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(version, "version");
    }
}
