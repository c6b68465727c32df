package dev.signet.server.objects;

import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A multipart upload in progress: what the completed object will carry, and the checksum algorithm
 * and type its parts are checked and combined with (both empty when the client named none).
 */
public record MultipartUpload(
        String uploadId,
        String bucket,
        String key,
        ObjectAttributes attributes,
        Optional<ChecksumAlgorithm> checksumAlgorithm,
        Optional<ChecksumType> checksumType,
        Instant initiated) {
    public MultipartUpload {
        Objects.requireNonNull(uploadId, "uploadId");
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(checksumAlgorithm, "checksumAlgorithm");
        Objects.requireNonNull(checksumType, "checksumType");
        Objects.requireNonNull(initiated, "initiated");
        if (checksumAlgorithm.isPresent() != checksumType.isPresent()) {
            throw new IllegalArgumentException("checksum algorithm and type go together");
        }
    }
}
