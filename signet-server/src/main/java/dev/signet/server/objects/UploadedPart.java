package dev.signet.server.objects;

import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored part of a multipart upload: its size, ETag (hex MD5) and, when an algorithm applied,
 * its checksum (base64).
 */
public record UploadedPart(
        int partNumber,
        long size,
        String etag,
        Optional<ChecksumAlgorithm> checksumAlgorithm,
        Optional<String> checksum,
        Instant lastModified) {
    public UploadedPart {
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(lastModified, "lastModified");
        if (checksumAlgorithm.isPresent() != checksum.isPresent()) {
            throw new IllegalArgumentException("checksum algorithm and value go together");
        }
    }
}
