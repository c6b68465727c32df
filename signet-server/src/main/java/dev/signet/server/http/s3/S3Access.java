package dev.signet.server.http.s3;

import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.service.access.AccessRequest;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM action, resource and condition keys of each S3 operation, as AWS's service authorization
 * reference names them (the table is in docs/access-control.md): bucket operations act on {@code
 * arn:aws:s3:::BUCKET}, object operations on {@code arn:aws:s3:::BUCKET/KEY}, ListBuckets on
 * {@code *}. An operation on a version asks for the {@code ...Version} action with {@code
 * s3:versionid}; listings carry {@code s3:prefix}, {@code s3:delimiter} and {@code s3:max-keys}.
 * CopyObject and UploadPartCopy also need {@code s3:GetObject} on their source. DeleteObjects
 * names its keys only in its (streamed) body, so it asks for {@code s3:DeleteObject} on every
 * object of the bucket ({@code arn:aws:s3:::BUCKET/*}): a caller allowed to delete under a prefix
 * only is refused it (fail closed; AWS checks each key).
 */
final class S3Access {
    private final String s3;

    S3Access(String partition) {
        this.s3 = "arn:" + partition + ":s3:::";
    }

    AccessRequest of(String operation, S3Request r, Context ctx) throws ObjectStoreException {
        String bucket = s3 + r.bucket();
        String object = bucket + "/" + r.key();
        String versionId = r.query().get("versionId");
        return switch (operation) {
            case "ListBuckets" -> new AccessRequest("s3:ListAllMyBuckets", "*");
            case "CreateBucket" -> new AccessRequest("s3:CreateBucket", bucket);
            case "DeleteBucket" -> new AccessRequest("s3:DeleteBucket", bucket);
            case "HeadBucket" -> new AccessRequest("s3:ListBucket", bucket);
            case "PutBucketVersioning" -> new AccessRequest("s3:PutBucketVersioning", bucket);
            case "GetBucketVersioning" -> new AccessRequest("s3:GetBucketVersioning", bucket);
            case "GetBucketLocation" -> new AccessRequest("s3:GetBucketLocation", bucket);
            case "ListObjects", "ListObjectsV2" -> listing("s3:ListBucket", bucket, r);
            case "ListObjectVersions" -> listing("s3:ListBucketVersions", bucket, r);
            case "ListMultipartUploads" -> listing("s3:ListBucketMultipartUploads", bucket, r);
            case "DeleteObjects" -> new AccessRequest("s3:DeleteObject", bucket + "/*");
            case "GetObject", "HeadObject" -> versioned("s3:GetObject", object, versionId);
            case "GetObjectTagging" ->
                versionId == null
                        ? new AccessRequest("s3:GetObjectTagging", object)
                        : AccessRequest.withKey("s3:GetObjectVersionTagging", object, "s3:versionid", versionId);
            case "DeleteObject" -> versioned("s3:DeleteObject", object, versionId);
            case "PutObject", "UploadPart", "CreateMultipartUpload", "CompleteMultipartUpload" ->
                new AccessRequest("s3:PutObject", object);
            case "CopyObject", "UploadPartCopy" -> {
                CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
                yield new AccessRequest("s3:PutObject", object)
                        .and(versioned(
                                "s3:GetObject",
                                s3 + source.bucket() + "/" + source.key(),
                                source.versionId().orElse(null)));
            }
            case "ListParts" -> new AccessRequest("s3:ListMultipartUploadParts", object);
            case "AbortMultipartUpload" -> new AccessRequest("s3:AbortMultipartUpload", object);
            default -> throw new IllegalStateException("no access rule for S3 operation " + operation);
        };
    }

    /** {@code action} on an object, or its {@code ...Version} twin with {@code s3:versionid} on a version. */
    private static AccessRequest versioned(String action, String object, String versionId) {
        return versionId == null
                ? new AccessRequest(action, object)
                : AccessRequest.withKey(action + "Version", object, "s3:versionid", versionId);
    }

    private static AccessRequest listing(String action, String bucket, S3Request r) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        put(keys, "s3:prefix", r.query().get("prefix"));
        put(keys, "s3:delimiter", r.query().get("delimiter"));
        put(keys, "s3:max-keys", r.query().get(r.query().containsKey("max-keys") ? "max-keys" : "max-uploads"));
        return new AccessRequest(action, bucket, keys, List.of());
    }

    private static void put(Map<String, List<String>> keys, String key, String value) {
        if (value != null) {
            keys.put(key, List.of(value));
        }
    }
}
