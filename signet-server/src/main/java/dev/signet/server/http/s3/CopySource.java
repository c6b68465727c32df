package dev.signet.server.http.s3;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.VersionEntry;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * The {@code x-amz-copy-source} of CopyObject and UploadPartCopy: {@code [/]BUCKET/KEY[?versionId=V]},
 * the key URL-encoded. Access point and Outposts ARNs are refused.
 */
record CopySource(String bucket, String key, Optional<String> versionId) {

    static CopySource parse(String header) throws ObjectStoreException {
        String value = header.strip();
        int question = value.indexOf('?');
        String path = question < 0 ? value : value.substring(0, question);
        Optional<String> versionId = Optional.empty();
        try {
            if (question >= 0) {
                String query = value.substring(question + 1);
                if (!query.startsWith("versionId=") || query.indexOf('&') >= 0) {
                    throw invalid();
                }
                versionId = Optional.of(SigV4.percentDecode(query.substring("versionId=".length())))
                        .filter(v -> !v.isEmpty());
                if (versionId.isEmpty()) {
                    throw invalid();
                }
            }
            path = SigV4.percentDecode(path);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.startsWith("arn:")) {
            throw new ObjectStoreException(
                    "InvalidArgument", "Copy sources naming an access point ARN are not supported.");
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw invalid();
        }
        return new CopySource(path.substring(0, slash), path.substring(slash + 1), versionId);
    }

    /** The source version; S3's errors for a missing one or a delete marker. */
    ObjectInfo resolve(ObjectStore store) throws ObjectStoreException {
        VersionEntry entry = store.find(bucket, key, versionId)
                .orElseThrow(() -> versionId.isPresent()
                        ? new ObjectStoreException("NoSuchVersion", "The specified version does not exist.")
                        : new ObjectStoreException("NoSuchKey", "The specified key does not exist."));
        if (entry.deleteMarker()) {
            throw versionId.isPresent()
                    ? new ObjectStoreException(
                            "InvalidRequest",
                            "The source of a copy request may not specifically refer to a delete marker by version id.")
                    : new ObjectStoreException("NoSuchKey", "The specified key does not exist.");
        }
        return entry.info();
    }

    /** The {@code x-amz-copy-source-if-*} conditions of the request. */
    static Preconditions preconditions(Context ctx) {
        return Preconditions.of(
                ctx.header("x-amz-copy-source-if-match"),
                ctx.header("x-amz-copy-source-if-none-match"),
                ctx.header("x-amz-copy-source-if-modified-since"),
                ctx.header("x-amz-copy-source-if-unmodified-since"));
    }

    private static ObjectStoreException invalid() {
        return new ObjectStoreException(
                "InvalidArgument", "Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
}
