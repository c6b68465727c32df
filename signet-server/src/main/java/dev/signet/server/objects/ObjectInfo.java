package dev.signet.server.objects;

import java.time.Instant;
import java.util.Objects;

/** One stored object version. {@code etag} is the hex MD5 of the content, as S3 reports it. */
public record ObjectInfo(
        String bucket,
        String key,
        String versionId,
        long size,
        String etag,
        String contentType,
        Instant lastModified,
        boolean latest) {
    public ObjectInfo {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
