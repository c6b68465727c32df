package dev.signet.server.http.s3;

import dev.signet.server.objects.DeleteResult;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DeleteObjects ({@code POST /BUCKET?delete}): up to 1,000 keys, each deleted as DeleteObject would
 * (a version, or the object, or a new delete marker in a versioned bucket), each reported on its
 * own; Quiet reports only the failures. As S3 requires, the body must carry Content-MD5 or an
 * {@code x-amz-checksum-*} (header or trailer), which {@code RequestBodies} checks.
 */
final class DeleteObjects {
    /** 1,000 keys of up to 1,024 bytes, XML-escaped, with version ids. */
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final ObjectStore store;

    DeleteObjects(ObjectStore store) {
        this.store = store;
    }

    void handle(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        if (ctx.header("Content-MD5") == null && S3Headers.declaredChecksum(ctx).isEmpty()) {
            throw new ObjectStoreException("InvalidRequest", "Missing required header for this request: Content-MD5");
        }
        store.versioning(r.bucket());
        S3XmlRequests.DeleteRequest request = S3XmlRequests.delete(S3Request.smallBody(ctx, MAX_BODY));
        List<S3ResultXml.Deleted> results = new ArrayList<>(request.objects().size());
        for (S3XmlRequests.ObjectId id : request.objects()) {
            results.add(deleteOne(r.bucket(), id));
        }
        S3Routes.xml(ctx, 200, S3ResultXml.deleteResult(results, request.quiet()));
    }

    private S3ResultXml.Deleted deleteOne(String bucket, S3XmlRequests.ObjectId id) {
        try {
            DeleteResult result = store.delete(bucket, id.key(), id.versionId());
            if (id.versionId().isPresent()) {
                return new S3ResultXml.Deleted(
                        id.key(),
                        id.versionId(),
                        result.deleteMarker(),
                        result.deleteMarker() ? id.versionId() : Optional.empty(),
                        Optional.empty(),
                        "");
            }
            return new S3ResultXml.Deleted(
                    id.key(),
                    Optional.empty(),
                    result.deleteMarker(),
                    result.deleteMarker() ? result.versionId() : Optional.empty(),
                    Optional.empty(),
                    "");
        } catch (ObjectStoreException e) {
            return new S3ResultXml.Deleted(
                    id.key(), id.versionId(), false, Optional.empty(), Optional.of(e.code()), e.getMessage());
        }
    }
}
