package dev.signet.server.http.s3;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.RequestBodies;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.Completion;
import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.MultipartUploads;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.objects.checksum.ObjectChecksum;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The multipart upload operations: CreateMultipartUpload, UploadPart, UploadPartCopy,
 * CompleteMultipartUpload, AbortMultipartUpload and ListParts. Part bodies stream through
 * {@link RequestBodies} (signature, aws-chunked framing, checksums) straight to the store.
 */
final class MultipartHandlers {
    /** A CompleteMultipartUpload body for 10,000 parts with checksums fits well within this. */
    private static final int MAX_COMPLETE_BODY = 4 * 1024 * 1024;

    private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");

    private final ObjectStore store;
    private final MultipartUploads uploads;

    MultipartHandlers(ObjectStore store) {
        this.store = store;
        this.uploads = store.multipart();
    }

    void create(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        ObjectHandlers.refuseUnservedWrite(ctx);
        S3Request.emptyBody(ctx);
        MultipartUpload upload = uploads.create(
                r.bucket(),
                r.key(),
                S3Headers.attributes(ctx),
                S3Headers.checksumAlgorithm(ctx),
                S3Headers.checksumType(ctx));
        upload.checksumAlgorithm().ifPresent(a -> ctx.header("x-amz-checksum-algorithm", a.wireName()));
        upload.checksumType().ifPresent(t -> ctx.header("x-amz-checksum-type", t.name()));
        S3Routes.xml(ctx, 200, S3ResultXml.initiated(upload));
    }

    void uploadPart(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        int partNumber = partNumber(r);
        String uploadId = r.param("uploadId").orElseThrow();
        UploadedPart part;
        var declared = S3Headers.declaredChecksum(ctx);
        try (InputStream body = RequestBodies.open(ctx)) {
            part = uploads.uploadPart(r.bucket(), r.key(), uploadId, partNumber, body, declared);
        }
        S3Headers.etag(ctx, part.etag());
        if (part.checksumAlgorithm().isPresent()) {
            ctx.header(
                    part.checksumAlgorithm().get().headerName(), part.checksum().orElseThrow());
        }
        ctx.status(200);
    }

    /** UploadPartCopy: a range ({@code x-amz-copy-source-range: bytes=FIRST-LAST}) or all of a source version. */
    void uploadPartCopy(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        int partNumber = partNumber(r);
        String uploadId = r.param("uploadId").orElseThrow();
        uploads.find(r.bucket(), r.key(), uploadId);
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        ObjectInfo from = source.resolve(store);
        CopySource.preconditions(ctx).requireForCopy(from);
        ByteRange range = copyRange(ctx.header("x-amz-copy-source-range"), from.size());
        if (range.length() > MultipartUploads.MAX_PART_SIZE) {
            throw new ObjectStoreException(
                    "InvalidRequest", "The specified copy range is larger than the maximum part size of 5 GiB.");
        }
        S3Request.emptyBody(ctx);
        UploadedPart part;
        try (InputStream in =
                store.open(from.bucket(), from.key(), Optional.of(from.versionId()), range.start(), range.length())) {
            part = uploads.uploadPart(r.bucket(), r.key(), uploadId, partNumber, in, Optional.empty());
        }
        if (!from.versionId().equals("null")) {
            ctx.header("x-amz-copy-source-version-id", from.versionId());
        }
        S3Routes.xml(
                ctx,
                200,
                S3ResultXml.copied(
                        "CopyPartResult",
                        part.etag(),
                        part.lastModified(),
                        part.checksum()
                                .map(c -> new ObjectChecksum(
                                        part.checksumAlgorithm().orElseThrow(), ChecksumType.FULL_OBJECT, c))));
    }

    void complete(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        ObjectHandlers.refuseUnservedWrite(ctx);
        String uploadId = r.param("uploadId").orElseThrow();
        uploads.find(r.bucket(), r.key(), uploadId);
        List<Completion.Part> parts = S3XmlRequests.completedParts(S3Request.smallBody(ctx, MAX_COMPLETE_BODY));
        Completion completion =
                new Completion(parts, S3Headers.checksumType(ctx), S3Headers.statedChecksums(ctx), objectSize(ctx));
        ObjectInfo info = uploads.complete(r.bucket(), r.key(), uploadId, completion);
        if (!info.versionId().equals("null") || store.versioning(r.bucket()) != BucketVersioning.UNVERSIONED) {
            ctx.header("x-amz-version-id", info.versionId());
        }
        S3Routes.xml(ctx, 200, S3ResultXml.completed(location(ctx, r), info));
    }

    void abort(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        S3Request.emptyBody(ctx);
        uploads.abort(r.bucket(), r.key(), r.param("uploadId").orElseThrow());
        ctx.status(204);
    }

    void listParts(Context ctx, S3Request r) throws ObjectStoreException {
        String uploadId = r.param("uploadId").orElseThrow();
        int maxParts = Math.min(
                r.intParam(
                                "max-parts",
                                0,
                                Integer.MAX_VALUE,
                                "Provided max-parts not an integer or within integer range")
                        .orElse(1000),
                1000);
        int marker = r.intParam(
                        "part-number-marker",
                        0,
                        Integer.MAX_VALUE,
                        "Provided part-number-marker not an integer or within integer range")
                .orElse(0);
        MultipartUpload upload = uploads.find(r.bucket(), r.key(), uploadId);
        List<UploadedPart> parts = uploads.listParts(r.bucket(), r.key(), uploadId, marker, maxParts + 1);
        boolean truncated = parts.size() > maxParts;
        if (truncated) {
            parts = parts.subList(0, maxParts);
        }
        S3Routes.xml(
                ctx,
                200,
                S3ResultXml.parts(
                        new S3ResultXml.Parts(upload, marker, maxParts, parts, truncated, S3Routes.ownerId(ctx))));
    }

    private static int partNumber(S3Request r) throws ObjectStoreException {
        return r.intParam(
                        "partNumber",
                        1,
                        MultipartUploads.MAX_PART_NUMBER,
                        "Part number must be an integer between 1 and 10000, inclusive")
                .orElseThrow();
    }

    static Optional<Long> objectSize(Context ctx) throws ObjectStoreException {
        String value = ctx.header("x-amz-mp-object-size");
        if (value == null) {
            return Optional.empty();
        }
        try {
            long size = Long.parseLong(value.strip());
            if (size < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(size);
        } catch (NumberFormatException e) {
            throw new ObjectStoreException("InvalidArgument", "x-amz-mp-object-size must be a size in bytes.");
        }
    }

    static ByteRange copyRange(String header, long size) throws ObjectStoreException {
        if (header == null) {
            return new ByteRange(0, size);
        }
        Matcher m = COPY_RANGE.matcher(header.strip());
        if (!m.matches()) {
            throw badRange();
        }
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            if (first > last) {
                throw badRange();
            }
            if (last >= size) {
                throw new ObjectStoreException("InvalidRange", "The requested range is not satisfiable");
            }
            return new ByteRange(first, last - first + 1);
        } catch (NumberFormatException e) {
            throw badRange();
        }
    }

    private static ObjectStoreException badRange() {
        return new ObjectStoreException(
                "InvalidArgument",
                "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the"
                        + " zero-based offsets of the first and last bytes to copy");
    }

    /** Where the object now is, path-style under the endpoint the client used. */
    private static String location(Context ctx, S3Request r) {
        String host = Optional.ofNullable(ctx.header("Host")).orElse("localhost");
        return ctx.scheme() + "://" + host + "/" + SigV4.uriEncode(r.bucket(), false) + "/"
                + SigV4.uriEncode(r.key(), true);
    }
}
