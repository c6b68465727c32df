package dev.signet.server.http.s3;

import dev.signet.server.ServerContext;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.RequestBodies;
import dev.signet.server.http.auth.SigV4;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.DeleteResult;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.VersionEntry;
import dev.signet.server.service.Caller;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 calls a signing workflow needs, path-style, over the {@link ObjectStore}: buckets
 * (create, head, list, versioning, location) and objects (put, get with ranges, head, delete,
 * list v2, list versions). Responses are byte-for-byte S3's shapes; errors are thrown as
 * {@link ObjectStoreException} with S3's codes and written by the dispatcher.
 */
public final class S3Routes implements AwsProtocolService {
    private static final int MAX_XML_BODY = 64 * 1024;
    private static final java.util.Set<String> V1_PARAMETERS =
            java.util.Set.of("prefix", "marker", "max-keys", "delimiter", "encoding-type");
    private static final int DEFAULT_MAX_KEYS = 1000;
    private static final int COPY_BUFFER = 64 * 1024;

    private final ObjectStore store;
    private final String ownerId;

    public S3Routes(ServerContext context) {
        this.store = context.objects();
        this.ownerId = SigV4.sha256Hex(("signet-owner:" + context.arns().accountId()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public void handle(Context ctx, Caller caller) throws Exception {
        String path;
        Map<String, String> query;
        try {
            path = SigV4.percentDecode(ctx.req().getRequestURI());
            query = decodeQuery(ctx.req().getQueryString());
        } catch (IllegalArgumentException e) {
            throw new ObjectStoreException("InvalidURI", "Couldn't parse the specified URI.");
        }
        String method = ctx.req().getMethod();
        if (path.equals("/")) {
            if (!method.equals("GET")) {
                throw notAllowed();
            }
            xml(ctx, 200, S3Xml.listBuckets(store.listBuckets(), ownerId));
            return;
        }
        int slash = path.indexOf('/', 1);
        String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
        String key = slash < 0 ? "" : path.substring(slash + 1);
        if (key.isEmpty()) {
            bucket(ctx, method, bucket, query);
        } else {
            object(ctx, method, bucket, key, query);
        }
    }

    private void bucket(Context ctx, String method, String bucket, Map<String, String> query) throws Exception {
        switch (method) {
            case "PUT" -> {
                if (query.containsKey("versioning")) {
                    boolean enabled = S3Xml.parseVersioning(smallBody(ctx));
                    store.setVersioning(bucket, enabled);
                    ctx.status(200);
                } else if (query.isEmpty()) {
                    S3Xml.checkCreateBucket(smallBody(ctx));
                    store.createBucket(bucket);
                    ctx.header("Location", "/" + bucket);
                    ctx.status(200);
                } else {
                    throw notImplemented();
                }
            }
            case "HEAD" -> {
                if (!store.bucketExists(bucket)) {
                    throw new ObjectStoreException("NoSuchBucket", "The specified bucket does not exist.");
                }
                ctx.header("x-amz-bucket-region", "us-east-1");
                ctx.status(200);
            }
            case "GET" -> {
                if (query.containsKey("versioning")) {
                    BucketVersioning v = store.versioning(bucket);
                    String status = v == BucketVersioning.ENABLED
                            ? "Enabled"
                            : v == BucketVersioning.SUSPENDED ? "Suspended" : "";
                    xml(ctx, 200, S3Xml.versioning(status));
                } else if (query.containsKey("location")) {
                    store.versioning(bucket);
                    xml(ctx, 200, S3Xml.location());
                } else if (query.containsKey("versions")) {
                    listVersions(ctx, bucket, query);
                } else if ("2".equals(query.get("list-type"))) {
                    listV2(ctx, bucket, query);
                } else if (V1_PARAMETERS.containsAll(query.keySet())) {
                    listV1(ctx, bucket, query);
                } else {
                    throw notImplemented();
                }
            }
            default -> throw notImplemented();
        }
    }

    private void object(Context ctx, String method, String bucket, String key, Map<String, String> query)
            throws Exception {
        Optional<String> versionId = Optional.ofNullable(query.get("versionId"));
        switch (method) {
            case "PUT" -> {
                if (ctx.header("x-amz-copy-source") != null || !query.isEmpty()) {
                    throw notImplemented();
                }
                BucketVersioning versioning = store.versioning(bucket);
                ObjectInfo info;
                try (InputStream body = RequestBodies.open(ctx)) {
                    info = store.put(bucket, key, body, ctx.header("Content-Type"));
                }
                ctx.header("ETag", "\"" + info.etag() + "\"");
                if (versioning != BucketVersioning.UNVERSIONED) {
                    ctx.header("x-amz-version-id", info.versionId());
                }
                ctx.status(200);
            }
            case "GET", "HEAD" -> get(ctx, method.equals("HEAD"), bucket, key, versionId);
            case "DELETE" -> {
                DeleteResult result = store.delete(bucket, key, versionId);
                result.versionId().ifPresent(v -> ctx.header("x-amz-version-id", v));
                if (result.deleteMarker()) {
                    ctx.header("x-amz-delete-marker", "true");
                }
                ctx.status(204);
            }
            default -> throw notImplemented();
        }
    }

    private void get(Context ctx, boolean headOnly, String bucket, String key, Optional<String> versionId)
            throws ObjectStoreException, IOException {
        ObjectInfo info = store.head(bucket, key, versionId)
                .orElseThrow(() -> versionId.isPresent()
                        ? new ObjectStoreException("NoSuchVersion", "The specified version does not exist.")
                        : new ObjectStoreException("NoSuchKey", "The specified key does not exist."));
        Optional<ByteRange> range = ByteRange.parse(ctx.header("Range"), info.size());
        long start = range.map(ByteRange::start).orElse(0L);
        long length = range.map(ByteRange::length).orElse(info.size());
        InputStream content = headOnly ? null : store.open(bucket, key, Optional.of(info.versionId()));
        try {
            ctx.status(range.isPresent() ? 206 : 200);
            ctx.header("ETag", "\"" + info.etag() + "\"");
            ctx.header(
                    "Last-Modified",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            info.lastModified().atOffset(ZoneOffset.UTC)));
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("Content-Type", info.contentType());
            if (!info.versionId().equals("null") || store.versioning(bucket) != BucketVersioning.UNVERSIONED) {
                ctx.header("x-amz-version-id", info.versionId());
            }
            range.ifPresent(r -> ctx.header("Content-Range", r.contentRange(info.size())));
            ctx.res().setContentLengthLong(length);
            if (content != null) {
                stream(content, start, length, ctx.res().getOutputStream());
            }
        } finally {
            if (content != null) {
                content.close();
            }
        }
    }

    private static void stream(InputStream content, long start, long length, OutputStream out) throws IOException {
        content.skipNBytes(start);
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

    private void listV2(Context ctx, String bucket, Map<String, String> query) throws ObjectStoreException {
        int maxKeys = maxKeys(query);
        String prefix = query.getOrDefault("prefix", "");
        Optional<String> delimiter = Optional.ofNullable(query.get("delimiter")).filter(d -> !d.isEmpty());
        Optional<String> token = Optional.ofNullable(query.get("continuation-token"));
        Optional<String> startAfter =
                Optional.ofNullable(query.get("start-after")).filter(s -> !s.isEmpty());
        Optional<String> after = token.isPresent() ? Optional.of(decodeToken(token.get())) : startAfter;
        ListingPage page = ListingPage.collect(store, bucket, prefix, delimiter, after, maxKeys);
        String body = S3Xml.listV2(new S3Xml.ListV2(
                bucket,
                prefix,
                delimiter,
                maxKeys,
                token,
                startAfter,
                page.contents(),
                page.commonPrefixes(),
                page.resumeAfter().map(S3Routes::encodeToken),
                new S3Xml.Encoding("url".equals(query.get("encoding-type")))));
        xml(ctx, 200, body);
    }

    private void listV1(Context ctx, String bucket, Map<String, String> query) throws ObjectStoreException {
        int maxKeys = maxKeys(query);
        String prefix = query.getOrDefault("prefix", "");
        Optional<String> delimiter = Optional.ofNullable(query.get("delimiter")).filter(d -> !d.isEmpty());
        String marker = query.getOrDefault("marker", "");
        ListingPage page = ListingPage.collect(
                store, bucket, prefix, delimiter, Optional.of(marker).filter(m -> !m.isEmpty()), maxKeys);
        xml(
                ctx,
                200,
                S3Xml.listV1(new S3Xml.ListV1(
                        bucket,
                        prefix,
                        delimiter,
                        maxKeys,
                        marker,
                        page.contents(),
                        page.commonPrefixes(),
                        page.resumeAfter(),
                        new S3Xml.Encoding("url".equals(query.get("encoding-type"))))));
    }

    private void listVersions(Context ctx, String bucket, Map<String, String> query) throws ObjectStoreException {
        int maxKeys = maxKeys(query);
        String prefix = query.getOrDefault("prefix", "");
        Optional<String> keyMarker =
                Optional.ofNullable(query.get("key-marker")).filter(s -> !s.isEmpty());
        Optional<String> versionIdMarker =
                Optional.ofNullable(query.get("version-id-marker")).filter(s -> !s.isEmpty());
        if (versionIdMarker.isPresent() && keyMarker.isEmpty()) {
            throw new ObjectStoreException(
                    "InvalidArgument", "A version-id marker cannot be specified without a key marker.");
        }
        List<VersionEntry> entries =
                new ArrayList<>(store.listVersionEntries(bucket, prefix, keyMarker, versionIdMarker, maxKeys + 1));
        Optional<VersionEntry> next = Optional.empty();
        if (entries.size() > maxKeys) {
            entries = entries.subList(0, maxKeys);
            next = maxKeys == 0 ? Optional.empty() : Optional.of(entries.get(maxKeys - 1));
        }
        xml(
                ctx,
                200,
                S3Xml.versions(new S3Xml.Versions(
                        bucket,
                        prefix,
                        keyMarker,
                        versionIdMarker,
                        maxKeys,
                        entries,
                        next,
                        new S3Xml.Encoding("url".equals(query.get("encoding-type"))),
                        ownerId)));
    }

    private static int maxKeys(Map<String, String> query) throws ObjectStoreException {
        String value = query.get("max-keys");
        if (value == null) {
            return DEFAULT_MAX_KEYS;
        }
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, DEFAULT_MAX_KEYS);
        } catch (NumberFormatException e) {
            throw new ObjectStoreException(
                    "InvalidArgument", "Provided max-keys not an integer or within integer range");
        }
    }

    static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decodeToken(String token) throws ObjectStoreException {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | java.nio.charset.CharacterCodingException e) {
            throw new ObjectStoreException("InvalidArgument", "The continuation token provided is incorrect");
        }
    }

    private static byte[] smallBody(Context ctx) throws IOException, ObjectStoreException {
        try (InputStream in = RequestBodies.open(ctx)) {
            byte[] body = in.readNBytes(MAX_XML_BODY + 1);
            if (body.length > MAX_XML_BODY) {
                throw new ObjectStoreException("MalformedXML", "The XML you provided is too large.");
            }
            in.transferTo(OutputStream.nullOutputStream());
            return body;
        }
    }

    private static void xml(Context ctx, int status, String body) {
        ctx.status(status);
        ctx.contentType("application/xml");
        ctx.result(body.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> decodeQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = SigV4.percentDecode(eq < 0 ? part : part.substring(0, eq));
            if (name.startsWith("X-Amz-") || name.startsWith("x-id")) {
                continue;
            }
            out.putIfAbsent(name, eq < 0 ? "" : SigV4.percentDecode(part.substring(eq + 1)));
        }
        return out;
    }

    private static ObjectStoreException notImplemented() {
        return new ObjectStoreException(
                "NotImplemented", "A header or query you provided implies functionality that is" + " not implemented.");
    }

    private static ObjectStoreException notAllowed() {
        return new ObjectStoreException(
                "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
}
