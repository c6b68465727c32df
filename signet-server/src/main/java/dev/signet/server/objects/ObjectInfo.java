package dev.signet.server.objects;

import dev.signet.server.objects.checksum.ObjectChecksum;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored object version. {@code etag} is what S3 reports: the hex MD5 of the content, or for an
 * object made by a multipart upload the hex MD5 of its parts' binary MD5s followed by {@code -N}.
 *
 * @param metadata the user metadata ({@code x-amz-meta-NAME}, names in lower case)
 * @param checksum the checksum the object was stored with, if its writer named an algorithm
 * @param partCount the number of parts of an object made by a multipart upload, 0 otherwise
 */
public record ObjectInfo(
        String bucket,
        String key,
        String versionId,
        long size,
        String etag,
        String contentType,
        Instant lastModified,
        boolean latest,
        Map<String, String> metadata,
        Optional<ObjectChecksum> checksum,
        int partCount) {
    public ObjectInfo {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(lastModified, "lastModified");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(checksum, "checksum");
        if (partCount < 0) {
            throw new IllegalArgumentException("partCount < 0");
        }
    }

    /** What a copy with the COPY metadata directive takes from this version. */
    public ObjectAttributes attributes() {
        return new ObjectAttributes(contentType, metadata);
    }
}
