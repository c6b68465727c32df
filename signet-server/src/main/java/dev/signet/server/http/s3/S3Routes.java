package dev.signet.server.http.s3;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.RequestLog;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import dev.signet.server.service.access.AccessRequest;
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
    private final BucketHandlers buckets;
    private final ListingHandlers listings;
    private final ObjectHandlers objects;
    private final MultipartHandlers multipart;
    private final DeleteObjects deleteObjects;
    private final S3Access access;
    /** The request and its operation, resolved once for both the access request and the handler. */
    private static final String OPERATION = "s3.operation";

    private static final String REQUEST = "s3.request";

    private static final String OWNER = "s3.owner";

    /**
     * The S3 API over {@code store} in the deployment's region. Buckets belong to the account that
     * created them; the authorizer lets only that account's principals at a bucket (no bucket
     * policies exist), so the owner shown in a listing is the caller's account.
     */
    public S3Routes(ObjectStore store, Arns arns) {
        this.store = Objects.requireNonNull(store, "store");
        this.buckets = new BucketHandlers(store, arns.region());
        this.listings = new ListingHandlers(store);
        this.objects = new ObjectHandlers(store);
        this.multipart = new MultipartHandlers(store);
        this.deleteObjects = new DeleteObjects(store);
        this.access = new S3Access(arns.partition());
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public boolean streamsBody(Context ctx) {
        return true;
    }

    /** The operation's action and resources ({@link S3Access}); a request no route serves is refused here. */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) throws ObjectStoreException {
        S3Request r = S3Request.of(ctx);
        String operation = operation(ctx, r);
        ctx.attribute(REQUEST, r);
        ctx.attribute(OPERATION, operation);
        RequestLog.operation(ctx, operation);
        return access.of(operation, r, ctx);
    }

    @Override
    public void handle(Context ctx, Caller caller) throws Exception {
        S3Request r = ctx.attribute(REQUEST);
        String operation = ctx.attribute(OPERATION);
        if (r == null || operation == null) {
            r = S3Request.of(ctx);
            operation = operation(ctx, r);
        }
        RequestLog.operation(ctx, operation);
        ctx.attribute(OWNER, canonicalId(caller.accountId()));
        switch (operation) {
            case "ListBuckets" -> xml(ctx, 200, S3Xml.listBuckets(store.listBuckets(caller.accountId()), ownerId(ctx)));
            case "PutBucketVersioning" -> buckets.putVersioning(ctx, r.bucket());
            case "CreateBucket" -> buckets.create(ctx, r.bucket(), caller.accountId());
            case "HeadBucket" -> buckets.head(ctx, r.bucket());
            case "GetBucketVersioning" -> buckets.getVersioning(ctx, r.bucket());
            case "GetBucketLocation" -> buckets.location(ctx, r.bucket());
            case "ListObjectVersions" -> listings.listVersions(ctx, r);
            case "ListMultipartUploads" -> listings.listUploads(ctx, r);
            case "ListObjectsV2" -> listings.listV2(ctx, r);
            case "ListObjects" -> listings.listV1(ctx, r);
            case "DeleteBucket" -> buckets.delete(ctx, r.bucket());
            case "DeleteObjects" -> deleteObjects.handle(ctx, r);
            case "GetObjectTagging" -> objects.tagging(ctx, r);
            case "UploadPartCopy" -> multipart.uploadPartCopy(ctx, r);
            case "UploadPart" -> multipart.uploadPart(ctx, r);
            case "CopyObject" -> objects.copy(ctx, r);
            case "PutObject" -> objects.put(ctx, r);
            case "ListParts" -> multipart.listParts(ctx, r);
            case "GetObject" -> objects.get(ctx, r, false);
            case "HeadObject" -> objects.get(ctx, r, true);
            case "AbortMultipartUpload" -> multipart.abort(ctx, r);
            case "DeleteObject" -> objects.delete(ctx, r);
            case "CreateMultipartUpload" -> multipart.create(ctx, r);
            case "CompleteMultipartUpload" -> multipart.complete(ctx, r);
            default -> throw new IllegalStateException("no handler for S3 operation " + operation);
        }
    }

    /** S3's canonical user id of an account (64 hex characters): the owner listings show. */
    static String canonicalId(String account) {
        return SigV4.sha256Hex(("signet-owner:" + account).getBytes(StandardCharsets.UTF_8));
    }

    /** The canonical id of the account whose request {@code ctx} is (set by {@link #handle}). */
    static String ownerId(Context ctx) {
        String owner = ctx.attribute(OWNER);
        if (owner == null) {
            throw new IllegalStateException("no S3 caller for this request");
        }
        return owner;
    }

    /** The S3 operation a request is, by method, path and sub-resource; refused when none is served. */
    static String operation(Context ctx, S3Request r) throws ObjectStoreException {
        if (r.bucket().isEmpty()) {
            if (!r.method().equals("GET")) {
                throw notAllowed();
            }
            return "ListBuckets";
        }
        return r.key().isEmpty() ? bucketOperation(r) : objectOperation(ctx, r);
    }

    private static String bucketOperation(S3Request r) throws ObjectStoreException {
        switch (r.method()) {
            case "PUT" -> {
                if (r.has("versioning")) {
                    return "PutBucketVersioning";
                } else if (r.query().isEmpty()) {
                    return "CreateBucket";
                }
            }
            case "HEAD" -> {
                return "HeadBucket";
            }
            case "GET" -> {
                if (r.has("versioning")) {
                    return "GetBucketVersioning";
                } else if (r.has("location")) {
                    return "GetBucketLocation";
                } else if (r.has("versions")) {
                    return "ListObjectVersions";
                } else if (r.has("uploads")) {
                    return "ListMultipartUploads";
                } else if ("2".equals(r.query().get("list-type"))) {
                    return "ListObjectsV2";
                } else if (V1_PARAMETERS.containsAll(r.query().keySet())) {
                    return "ListObjects";
                }
            }
            case "DELETE" -> {
                if (r.query().isEmpty()) {
                    return "DeleteBucket";
                }
            }
            case "POST" -> {
                if (r.has("delete")) {
                    return "DeleteObjects";
                }
            }
            default -> {
                // refused below
            }
        }
        throw notImplemented();
    }

    private static String objectOperation(Context ctx, S3Request r) throws ObjectStoreException {
        if (r.method().equals("GET") && r.has("tagging")) {
            return "GetObjectTagging";
        }
        if (r.query().keySet().stream().anyMatch(UNSERVED_OBJECT_RESOURCES::contains)) {
            throw notImplemented();
        }
        boolean copy = ctx.header("x-amz-copy-source") != null;
        boolean inUpload = r.has("uploadId");
        switch (r.method()) {
            case "PUT" -> {
                if (inUpload && r.has("partNumber")) {
                    return copy ? "UploadPartCopy" : "UploadPart";
                } else if (inUpload || r.has("partNumber")) {
                    throw new ObjectStoreException(
                            "InvalidRequest", "UploadPart needs both the uploadId and partNumber query parameters.");
                }
                return copy ? "CopyObject" : "PutObject";
            }
            case "GET" -> {
                return inUpload ? "ListParts" : "GetObject";
            }
            case "HEAD" -> {
                return "HeadObject";
            }
            case "DELETE" -> {
                return inUpload ? "AbortMultipartUpload" : "DeleteObject";
            }
            case "POST" -> {
                if (r.has("uploads")) {
                    return "CreateMultipartUpload";
                } else if (inUpload) {
                    return "CompleteMultipartUpload";
                }
                throw notImplemented();
            }
            default -> throw notImplemented();
        }
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
