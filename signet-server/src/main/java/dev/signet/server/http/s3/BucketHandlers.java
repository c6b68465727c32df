package dev.signet.server.http.s3;

import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/**
 * Bucket operations: CreateBucket, DeleteBucket, HeadBucket, Get/PutBucketVersioning and
 * GetBucketLocation. The server has one region; buckets live there.
 */
final class BucketHandlers {
    private static final String US_EAST_1 = "us-east-1";
    private static final int MAX_XML_BODY = 64 * 1024;

    private final ObjectStore store;
    private final String region;

    BucketHandlers(ObjectStore store, String region) {
        this.store = store;
        this.region = region;
    }

    /**
     * CreateBucket as AWS answers in the server's region: a LocationConstraint must name that region
     * (none means us-east-1, so outside us-east-1 it must be given); re-creating a bucket you own is
     * 200 in us-east-1 and BucketAlreadyOwnedByYou elsewhere; a name another account owns is
     * BucketAlreadyExists (409) everywhere.
     */
    void create(Context ctx, String bucket, String ownerAccount) throws IOException, ObjectStoreException {
        Optional<String> constraint = S3XmlRequests.locationConstraint(S3Request.smallBody(ctx, MAX_XML_BODY));
        if (!constraint.orElse(US_EAST_1).equals(region)) {
            throw new ObjectStoreException(
                    "IllegalLocationConstraintException",
                    "The " + constraint.orElse("unspecified") + " location constraint is incompatible for the region"
                            + " specific endpoint this request was sent to (" + region + ").");
        }
        try {
            store.createBucket(bucket, ownerAccount);
        } catch (ObjectStoreException e) {
            if (!e.code().equals("BucketAlreadyOwnedByYou") || !region.equals(US_EAST_1)) {
                throw e;
            }
        }
        ctx.header("Location", "/" + bucket);
        ctx.status(200);
    }

    void delete(Context ctx, String bucket) throws IOException, ObjectStoreException {
        S3Request.emptyBody(ctx);
        store.deleteBucket(bucket);
        ctx.status(204);
    }

    void head(Context ctx, String bucket) throws ObjectStoreException {
        if (!store.bucketExists(bucket)) {
            throw new ObjectStoreException("NoSuchBucket", "The specified bucket does not exist.");
        }
        ctx.header("x-amz-bucket-region", region);
        ctx.status(200);
    }

    void putVersioning(Context ctx, String bucket) throws IOException, ObjectStoreException {
        boolean enabled = S3XmlRequests.versioning(S3Request.smallBody(ctx, MAX_XML_BODY));
        store.setVersioning(bucket, enabled);
        ctx.status(200);
    }

    void getVersioning(Context ctx, String bucket) throws ObjectStoreException {
        BucketVersioning v = store.versioning(bucket);
        String status = v == BucketVersioning.ENABLED ? "Enabled" : v == BucketVersioning.SUSPENDED ? "Suspended" : "";
        S3Routes.xml(ctx, 200, S3Xml.versioning(status));
    }

    /** GetBucketLocation: empty for us-east-1 (the CLI shows {@code null}), as AWS answers; else the region. */
    void location(Context ctx, String bucket) throws ObjectStoreException {
        store.versioning(bucket);
        S3Routes.xml(ctx, 200, S3Xml.location(region.equals(US_EAST_1) ? "" : region));
    }
}
