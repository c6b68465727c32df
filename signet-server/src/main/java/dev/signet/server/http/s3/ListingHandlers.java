package dev.signet.server.http.s3;

import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.VersionEntry;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The bucket listings: ListObjects (v1 and v2), ListObjectVersions and ListMultipartUploads. */
final class ListingHandlers {
    private static final int DEFAULT_MAX_KEYS = 1000;

    private final ObjectStore store;

    ListingHandlers(ObjectStore store) {
        this.store = store;
    }

    void listV2(Context ctx, S3Request r) throws ObjectStoreException {
        int maxKeys = maxKeys(r, "max-keys");
        String prefix = r.param("prefix").orElse("");
        Optional<String> delimiter = r.param("delimiter").filter(d -> !d.isEmpty());
        Optional<String> token = r.param("continuation-token");
        Optional<String> startAfter = r.param("start-after").filter(s -> !s.isEmpty());
        Optional<String> after = token.isPresent() ? Optional.of(decodeToken(token.get())) : startAfter;
        ListingPage page = ListingPage.collect(store, r.bucket(), prefix, delimiter, after, maxKeys);
        S3Routes.xml(
                ctx,
                200,
                S3Xml.listV2(new S3Xml.ListV2(
                        r.bucket(),
                        prefix,
                        delimiter,
                        maxKeys,
                        token,
                        startAfter,
                        page.contents(),
                        page.commonPrefixes(),
                        page.resumeAfter().map(ListingHandlers::encodeToken),
                        encoding(r))));
    }

    void listV1(Context ctx, S3Request r) throws ObjectStoreException {
        int maxKeys = maxKeys(r, "max-keys");
        String prefix = r.param("prefix").orElse("");
        Optional<String> delimiter = r.param("delimiter").filter(d -> !d.isEmpty());
        String marker = r.param("marker").orElse("");
        ListingPage page = ListingPage.collect(
                store, r.bucket(), prefix, delimiter, Optional.of(marker).filter(m -> !m.isEmpty()), maxKeys);
        S3Routes.xml(
                ctx,
                200,
                S3Xml.listV1(new S3Xml.ListV1(
                        r.bucket(),
                        prefix,
                        delimiter,
                        maxKeys,
                        marker,
                        page.contents(),
                        page.commonPrefixes(),
                        page.resumeAfter(),
                        encoding(r))));
    }

    void listVersions(Context ctx, S3Request r) throws ObjectStoreException {
        int maxKeys = maxKeys(r, "max-keys");
        String prefix = r.param("prefix").orElse("");
        Optional<String> keyMarker = r.param("key-marker").filter(s -> !s.isEmpty());
        Optional<String> versionIdMarker = r.param("version-id-marker").filter(s -> !s.isEmpty());
        if (versionIdMarker.isPresent() && keyMarker.isEmpty()) {
            throw new ObjectStoreException(
                    "InvalidArgument", "A version-id marker cannot be specified without a key marker.");
        }
        List<VersionEntry> entries =
                new ArrayList<>(store.listVersionEntries(r.bucket(), prefix, keyMarker, versionIdMarker, maxKeys + 1));
        Optional<VersionEntry> next = Optional.empty();
        if (entries.size() > maxKeys) {
            entries = entries.subList(0, maxKeys);
            next = maxKeys == 0 ? Optional.empty() : Optional.of(entries.get(maxKeys - 1));
        }
        S3Routes.xml(
                ctx,
                200,
                S3Xml.versions(new S3Xml.Versions(
                        r.bucket(),
                        prefix,
                        keyMarker,
                        versionIdMarker,
                        maxKeys,
                        entries,
                        next,
                        encoding(r),
                        S3Routes.ownerId(ctx))));
    }

    void listUploads(Context ctx, S3Request r) throws ObjectStoreException {
        int maxUploads = maxKeys(r, "max-uploads");
        String prefix = r.param("prefix").orElse("");
        Optional<String> delimiter = r.param("delimiter").filter(d -> !d.isEmpty());
        Optional<String> keyMarker = r.param("key-marker").filter(s -> !s.isEmpty());
        Optional<String> uploadIdMarker = r.param("upload-id-marker").filter(s -> !s.isEmpty());
        UploadListing page = UploadListing.collect(
                store.multipart(), r.bucket(), prefix, delimiter, keyMarker, uploadIdMarker, maxUploads);
        S3Routes.xml(
                ctx,
                200,
                S3ResultXml.uploads(new S3ResultXml.Uploads(
                        r.bucket(),
                        prefix,
                        delimiter,
                        keyMarker,
                        uploadIdMarker.filter(u -> keyMarker.isPresent()),
                        maxUploads,
                        page,
                        encoding(r),
                        S3Routes.ownerId(ctx))));
    }

    private static S3Xml.Encoding encoding(S3Request r) {
        return new S3Xml.Encoding("url".equals(r.query().get("encoding-type")));
    }

    private static int maxKeys(S3Request r, String name) throws ObjectStoreException {
        return Math.min(
                r.intParam(name, 0, Integer.MAX_VALUE, "Provided " + name + " not an integer or within integer range")
                        .orElse(DEFAULT_MAX_KEYS),
                DEFAULT_MAX_KEYS);
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
}
