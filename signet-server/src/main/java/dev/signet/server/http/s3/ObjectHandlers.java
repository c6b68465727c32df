package dev.signet.server.http.s3;

import dev.signet.server.http.HttpDates;
import dev.signet.server.http.RequestBodies;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.DeleteResult;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectPart;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.VersionEntry;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ObjectChecksum;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Object operations: PutObject, CopyObject, GetObject, HeadObject, DeleteObject. */
final class ObjectHandlers {
    private static final int COPY_BUFFER = 64 * 1024;
    /** Header prefixes of write features Signet does not serve. */
    private static final List<String> UNSERVED_WRITE_HEADERS = List.of(
            "x-amz-server-side-encryption",
            "x-amz-copy-source-server-side-encryption",
            "x-amz-object-lock-",
            "x-amz-website-redirect-location");

    private final ObjectStore store;

    ObjectHandlers(ObjectStore store) {
        this.store = store;
    }

    void put(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        refuseUnservedWrite(ctx);
        ObjectAttributes attributes = S3Headers.attributes(ctx);
        Optional<ChecksumAlgorithm> checksum = S3Headers.declaredChecksum(ctx);
        BucketVersioning versioning = store.versioning(r.bucket());
        ObjectInfo info;
        try (InputStream body = RequestBodies.open(ctx)) {
            info = store.put(r.bucket(), r.key(), body, attributes, checksum);
        }
        S3Headers.etag(ctx, info.etag());
        if (versioning != BucketVersioning.UNVERSIONED) {
            ctx.header("x-amz-version-id", info.versionId());
        }
        info.checksum().ifPresent(c -> S3Headers.checksum(ctx, c));
        ctx.status(200);
    }

    /**
     * CopyObject: the source version (conditions checked) is streamed into a new version, with the
     * source's type and metadata (COPY) or the request's (REPLACE), and the source's checksum
     * algorithm unless {@code x-amz-checksum-algorithm} names another.
     */
    void copy(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        refuseUnservedWrite(ctx);
        CopySource source = CopySource.parse(ctx.header("x-amz-copy-source"));
        ObjectInfo from = source.resolve(store);
        CopySource.preconditions(ctx).requireForCopy(from);
        if (from.size() > ObjectStore.MAX_OBJECT_SIZE) {
            throw new ObjectStoreException(
                    "InvalidRequest",
                    "The specified copy source is larger than the maximum allowable size for a copy source: "
                            + ObjectStore.MAX_OBJECT_SIZE);
        }
        String directive = Optional.ofNullable(ctx.header("x-amz-metadata-directive"))
                .map(String::strip)
                .orElse("COPY");
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw new ObjectStoreException("InvalidArgument", "Unknown metadata directive.");
        }
        Optional<ChecksumAlgorithm> requested = S3Headers.checksumAlgorithm(ctx);
        if (directive.equals("COPY")
                && requested.isEmpty()
                && from.latest()
                && from.bucket().equals(r.bucket())
                && from.key().equals(r.key())) {
            throw new ObjectStoreException(
                    "InvalidRequest",
                    "This copy request is illegal because it is trying to copy an object to itself without changing"
                            + " the object's metadata, storage class, website redirect location or encryption"
                            + " attributes.");
        }
        ObjectAttributes attributes = directive.equals("REPLACE") ? S3Headers.attributes(ctx) : from.attributes();
        Optional<ChecksumAlgorithm> checksum =
                requested.or(() -> from.checksum().map(ObjectChecksum::algorithm));
        S3Request.emptyBody(ctx);
        BucketVersioning versioning = store.versioning(r.bucket());
        ObjectInfo info;
        try (InputStream in = store.open(from.bucket(), from.key(), Optional.of(from.versionId()))) {
            info = store.put(r.bucket(), r.key(), in, attributes, checksum);
        }
        if (versioning != BucketVersioning.UNVERSIONED) {
            ctx.header("x-amz-version-id", info.versionId());
        }
        if (!from.versionId().equals("null")) {
            ctx.header("x-amz-copy-source-version-id", from.versionId());
        }
        S3Routes.xml(
                ctx, 200, S3ResultXml.copied("CopyObjectResult", info.etag(), info.lastModified(), info.checksum()));
    }

    /**
     * GetObjectTagging: Signet keeps no object tags (a request to set them is refused), so every
     * version's tag set is empty. The AWS CLI reads it before a multipart copy ({@code aws s3 mv}).
     */
    void tagging(Context ctx, S3Request r) throws ObjectStoreException {
        ObjectInfo info = readable(ctx, r, r.param("versionId"));
        if (!info.versionId().equals("null")) {
            ctx.header("x-amz-version-id", info.versionId());
        }
        S3Routes.xml(ctx, 200, S3ResultXml.emptyTagging());
    }

    void delete(Context ctx, S3Request r) throws IOException, ObjectStoreException {
        S3Request.emptyBody(ctx);
        DeleteResult result = store.delete(r.bucket(), r.key(), r.param("versionId"));
        result.versionId().ifPresent(v -> ctx.header("x-amz-version-id", v));
        if (result.deleteMarker()) {
            ctx.header("x-amz-delete-marker", "true");
        }
        ctx.status(204);
    }

    /**
     * GetObject and HeadObject: conditions, then a part ({@code partNumber}), a range or the whole
     * object, with its checksum when asked for ({@code x-amz-checksum-mode: ENABLED}) and the bytes
     * served are the whole object or one part whose checksum is known.
     */
    void get(Context ctx, S3Request r, boolean headOnly) throws ObjectStoreException, IOException {
        Optional<String> versionId = r.param("versionId");
        ObjectInfo info = readable(ctx, r, versionId);
        Preconditions conditions = Preconditions.of(
                ctx.header("If-Match"),
                ctx.header("If-None-Match"),
                ctx.header("If-Modified-Since"),
                ctx.header("If-Unmodified-Since"));
        switch (conditions.evaluate(info)) {
            case FAILED -> throw Preconditions.failed();
            case NOT_MODIFIED -> {
                S3Headers.etag(ctx, info.etag());
                ctx.header("Last-Modified", HttpDates.format(info.lastModified()));
                ctx.status(304);
                return;
            }
            case PASS -> {}
        }
        Optional<Integer> partNumber =
                r.intParam("partNumber", 1, 10_000, "Part number must be an integer between 1 and 10000, inclusive");
        Optional<ByteRange> range;
        Optional<String> partChecksum = Optional.empty();
        if (partNumber.isPresent()) {
            if (ctx.header("Range") != null) {
                throw new ObjectStoreException(
                        "InvalidRequest", "Cannot specify both Range header and partNumber query parameter");
            }
            Optional<ObjectPart> part = part(info, partNumber.get());
            range = part.map(p -> new ByteRange(p.offset(), p.size()));
            partChecksum = part.flatMap(ObjectPart::checksum);
            if (info.partCount() > 0) {
                ctx.header("x-amz-mp-parts-count", String.valueOf(info.partCount()));
            }
        } else {
            range = ByteRange.parse(ctx.header("Range"), info.size());
        }
        boolean versioned =
                !info.versionId().equals("null") || store.versioning(r.bucket()) != BucketVersioning.UNVERSIONED;
        S3Headers.object(ctx, info, versioned);
        if (S3Headers.checksumMode(ctx) && info.checksum().isPresent()) {
            if (range.isEmpty()) {
                S3Headers.checksum(ctx, info.checksum().get());
            } else if (partChecksum.isPresent()) {
                ctx.header(info.checksum().get().algorithm().headerName(), partChecksum.get());
            }
        }
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(info.size());
        ctx.status(range.isPresent() ? 206 : 200);
        range.ifPresent(rg -> ctx.header("Content-Range", rg.contentRange(info.size())));
        ctx.res().setContentLengthLong(length);
        if (headOnly) {
            return;
        }
        try (InputStream content = store.open(r.bucket(), r.key(), Optional.of(info.versionId()), start, length)) {
            stream(content, length, ctx.res().getOutputStream());
        }
    }

    /** The version to read; S3's answers for a missing key or version and for a delete marker. */
    private ObjectInfo readable(Context ctx, S3Request r, Optional<String> versionId) throws ObjectStoreException {
        VersionEntry entry = store.find(r.bucket(), r.key(), versionId)
                .orElseThrow(() -> versionId.isPresent()
                        ? new ObjectStoreException("NoSuchVersion", "The specified version does not exist.")
                        : new ObjectStoreException("NoSuchKey", "The specified key does not exist."));
        if (entry.deleteMarker()) {
            ctx.header("x-amz-delete-marker", "true");
            ctx.header("x-amz-version-id", entry.info().versionId());
            throw versionId.isPresent()
                    ? new ObjectStoreException(
                            "MethodNotAllowed", "The specified method is not allowed against this resource.")
                    : new ObjectStoreException("NoSuchKey", "The specified key does not exist.");
        }
        return entry.info();
    }

    /** A part of a multipart object; empty for part 1 of any other object, which is the whole object. */
    private Optional<ObjectPart> part(ObjectInfo info, int partNumber) throws ObjectStoreException {
        if (info.partCount() == 0 && partNumber == 1) {
            return Optional.empty();
        }
        return Optional.of(store.part(info.bucket(), info.key(), info.versionId(), partNumber)
                .orElseThrow(() ->
                        new ObjectStoreException("InvalidPartNumber", "The requested partnumber is not satisfiable")));
    }

    /**
     * What a write may ask for that Signet does not serve, refused rather than silently ignored:
     * conditional writes (If-Match, If-None-Match), object tags ({@code x-amz-tagging}), server-side
     * encryption of any kind (the client would believe its content encrypted), object lock and
     * website redirects.
     */
    static void refuseUnservedWrite(Context ctx) throws ObjectStoreException {
        if (ctx.header("If-None-Match") != null || ctx.header("If-Match") != null) {
            throw new ObjectStoreException(
                    "NotImplemented", "Conditional writes (If-Match, If-None-Match) are not implemented.");
        }
        String tagging = ctx.header("x-amz-tagging");
        if (tagging != null && !tagging.isBlank()) {
            throw new ObjectStoreException("NotImplemented", "Object tags (x-amz-tagging) are not implemented.");
        }
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (UNSERVED_WRITE_HEADERS.stream().anyMatch(lower::startsWith)) {
                throw new ObjectStoreException("NotImplemented", "The header " + lower + " is not implemented.");
            }
        }
    }

    private static void stream(InputStream content, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long remaining = length;
        while (remaining > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new IOException("object content ended early");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
        out.flush();
    }
}
