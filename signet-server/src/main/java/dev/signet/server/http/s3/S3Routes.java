package dev.signet.server.http.s3;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.RequestLog;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * The S3 calls a signing workflow needs, path-style, over the {@link ObjectStore}: buckets (create,
 * delete, head, list, versioning, location), objects (put, copy, get with ranges and parts, head,
 * delete, delete many, list v1 and v2, list versions) and multipart uploads. This class only routes
 * by method, path and sub-resource; the handlers decode, call the store and encode. Responses are
 * S3's shapes; errors are thrown as {@link ObjectStoreException} with S3's codes and written by the
 * dispatcher. See docs/aws-compatibility.md for what is served and how it differs.
 */
public final class S3Routes implements AwsProtocolService {
    private static final Set<String> V1_PARAMETERS =
            Set.of("prefix", "marker", "max-keys", "delimiter", "encoding-type");
    /** Object sub-resources S3 has and Signet does not serve: refused rather than mistaken for a plain GET or PUT. */
    private static final Set<String> UNSERVED_OBJECT_RESOURCES = Set.of(
            "acl", "tagging", "torrent", "legal-hold", "retention", "restore", "select", "attributes", "renameObject");

    private final ObjectStore store;
    private final String ownerId;
    private final BucketHandlers buckets;
    private final ListingHandlers listings;
    private final ObjectHandlers objects;
    private final MultipartHandlers multipart;
    private final DeleteObjects deleteObjects;

    /** The S3 API over {@code store}, owned by the deployment's account in its region. */
    public S3Routes(ObjectStore store, Arns arns) {
        this.store = Objects.requireNonNull(store, "store");
        this.ownerId = SigV4.sha256Hex(("signet-owner:" + arns.accountId()).getBytes(StandardCharsets.UTF_8));
        this.buckets = new BucketHandlers(store, arns.region());
        this.listings = new ListingHandlers(store, ownerId);
        this.objects = new ObjectHandlers(store);
        this.multipart = new MultipartHandlers(store, ownerId);
        this.deleteObjects = new DeleteObjects(store);
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public boolean streamsBody(Context ctx) {
        return true;
    }

    @Override
    public void handle(Context ctx, Caller caller) throws Exception {
        S3Request r = S3Request.of(ctx);
        if (r.bucket().isEmpty()) {
            if (!r.method().equals("GET")) {
                throw notAllowed();
            }
            RequestLog.operation(ctx, "ListBuckets");
            xml(ctx, 200, S3Xml.listBuckets(store.listBuckets(), ownerId));
        } else if (r.key().isEmpty()) {
            bucket(ctx, r);
        } else {
            object(ctx, r);
        }
    }

    private void bucket(Context ctx, S3Request r) throws Exception {
        switch (r.method()) {
            case "PUT" -> {
                if (r.has("versioning")) {
                    named(ctx, "PutBucketVersioning");
                    buckets.putVersioning(ctx, r.bucket());
                } else if (r.query().isEmpty()) {
                    named(ctx, "CreateBucket");
                    buckets.create(ctx, r.bucket());
                } else {
                    throw notImplemented();
                }
            }
            case "HEAD" -> {
                named(ctx, "HeadBucket");
                buckets.head(ctx, r.bucket());
            }
            case "GET" -> {
                if (r.has("versioning")) {
                    named(ctx, "GetBucketVersioning");
                    buckets.getVersioning(ctx, r.bucket());
                } else if (r.has("location")) {
                    named(ctx, "GetBucketLocation");
                    buckets.location(ctx, r.bucket());
                } else if (r.has("versions")) {
                    named(ctx, "ListObjectVersions");
                    listings.listVersions(ctx, r);
                } else if (r.has("uploads")) {
                    named(ctx, "ListMultipartUploads");
                    listings.listUploads(ctx, r);
                } else if ("2".equals(r.query().get("list-type"))) {
                    named(ctx, "ListObjectsV2");
                    listings.listV2(ctx, r);
                } else if (V1_PARAMETERS.containsAll(r.query().keySet())) {
                    named(ctx, "ListObjects");
                    listings.listV1(ctx, r);
                } else {
                    throw notImplemented();
                }
            }
            case "DELETE" -> {
                if (!r.query().isEmpty()) {
                    throw notImplemented();
                }
                named(ctx, "DeleteBucket");
                buckets.delete(ctx, r.bucket());
            }
            case "POST" -> {
                if (!r.has("delete")) {
                    throw notImplemented();
                }
                named(ctx, "DeleteObjects");
                deleteObjects.handle(ctx, r);
            }
            default -> throw notImplemented();
        }
    }

    private void object(Context ctx, S3Request r) throws Exception {
        if (r.method().equals("GET") && r.has("tagging")) {
            named(ctx, "GetObjectTagging");
            objects.tagging(ctx, r);
            return;
        }
        if (r.query().keySet().stream().anyMatch(UNSERVED_OBJECT_RESOURCES::contains)) {
            throw notImplemented();
        }
        boolean copy = ctx.header("x-amz-copy-source") != null;
        boolean inUpload = r.has("uploadId");
        switch (r.method()) {
            case "PUT" -> {
                if (inUpload && r.has("partNumber")) {
                    if (copy) {
                        named(ctx, "UploadPartCopy");
                        multipart.uploadPartCopy(ctx, r);
                    } else {
                        named(ctx, "UploadPart");
                        multipart.uploadPart(ctx, r);
                    }
                } else if (inUpload || r.has("partNumber")) {
                    throw new ObjectStoreException(
                            "InvalidRequest", "UploadPart needs both the uploadId and partNumber query parameters.");
                } else if (copy) {
                    named(ctx, "CopyObject");
                    objects.copy(ctx, r);
                } else {
                    named(ctx, "PutObject");
                    objects.put(ctx, r);
                }
            }
            case "GET" -> {
                if (inUpload) {
                    named(ctx, "ListParts");
                    multipart.listParts(ctx, r);
                } else {
                    named(ctx, "GetObject");
                    objects.get(ctx, r, false);
                }
            }
            case "HEAD" -> {
                named(ctx, "HeadObject");
                objects.get(ctx, r, true);
            }
            case "DELETE" -> {
                if (inUpload) {
                    named(ctx, "AbortMultipartUpload");
                    multipart.abort(ctx, r);
                } else {
                    named(ctx, "DeleteObject");
                    objects.delete(ctx, r);
                }
            }
            case "POST" -> {
                if (r.has("uploads")) {
                    named(ctx, "CreateMultipartUpload");
                    multipart.create(ctx, r);
                } else if (inUpload) {
                    named(ctx, "CompleteMultipartUpload");
                    multipart.complete(ctx, r);
                } else {
                    throw notImplemented();
                }
            }
            default -> throw notImplemented();
        }
    }

    /** The S3 operation a request is, for the request log and metrics. */
    private static void named(Context ctx, String operation) {
        RequestLog.operation(ctx, operation);
    }

    static void xml(Context ctx, int status, String body) {
        ctx.status(status);
        ctx.contentType("application/xml");
        ctx.result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectStoreException notImplemented() {
        return new ObjectStoreException(
                "NotImplemented", "A header or query you provided implies functionality that is not implemented.");
    }

    private static ObjectStoreException notAllowed() {
        return new ObjectStoreException(
                "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
}
