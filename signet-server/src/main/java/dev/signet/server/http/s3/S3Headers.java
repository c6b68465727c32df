package dev.signet.server.http.s3;

import dev.signet.server.http.HttpDates;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.objects.checksum.ObjectChecksum;
import io.javalin.http.Context;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The S3 headers Signet reads (checksums, metadata, content type) and writes on objects. */
final class S3Headers {
    static final String META = "x-amz-meta-";
    private static final String CHECKSUM = "x-amz-checksum-";
    private static final Set<String> NOT_VALUES =
            Set.of("x-amz-checksum-type", "x-amz-checksum-algorithm", "x-amz-checksum-mode");

    private S3Headers() {}

    /**
     * The checksum algorithm a request body declares: an {@code x-amz-checksum-ALG} value header, the
     * {@code x-amz-trailer} it will end with, or {@code x-amz-sdk-checksum-algorithm}. Two different
     * ones, or one Signet does not compute, are InvalidRequest.
     */
    static Optional<ChecksumAlgorithm> declaredChecksum(Context ctx) throws ObjectStoreException {
        Optional<ChecksumAlgorithm> found = Optional.empty();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CHECKSUM) && !NOT_VALUES.contains(lower)) {
                found = merge(found, ChecksumAlgorithm.fromHeaderName(lower), lower);
            }
        }
        String trailer = ctx.header("x-amz-trailer");
        if (trailer != null) {
            found = merge(found, ChecksumAlgorithm.fromHeaderName(trailer), trailer.strip());
        }
        String sdk = ctx.header("x-amz-sdk-checksum-algorithm");
        if (sdk != null) {
            found = merge(found, ChecksumAlgorithm.fromWireName(sdk), "x-amz-sdk-checksum-algorithm: " + sdk.strip());
        }
        return found;
    }

    private static Optional<ChecksumAlgorithm> merge(
            Optional<ChecksumAlgorithm> found, Optional<ChecksumAlgorithm> next, String what)
            throws ObjectStoreException {
        if (next.isEmpty()) {
            throw new ObjectStoreException(
                    "InvalidRequest",
                    "Unsupported checksum " + what + "; use crc32, crc32c, crc64nvme, sha1 or sha256.");
        }
        if (found.isPresent() && found.get() != next.get()) {
            throw new ObjectStoreException(
                    "InvalidRequest",
                    "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
        }
        return next;
    }

    /** {@code x-amz-checksum-algorithm} (CreateMultipartUpload, CopyObject). */
    static Optional<ChecksumAlgorithm> checksumAlgorithm(Context ctx) throws ObjectStoreException {
        String value = ctx.header("x-amz-checksum-algorithm");
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(ChecksumAlgorithm.fromWireName(value)
                .orElseThrow(() -> new ObjectStoreException(
                        "InvalidRequest",
                        "Checksum algorithm provided is unsupported. Please try again with any of the"
                                + " valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]")));
    }

    /** {@code x-amz-checksum-type}. */
    static Optional<ChecksumType> checksumType(Context ctx) throws ObjectStoreException {
        String value = ctx.header("x-amz-checksum-type");
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(ChecksumType.fromWireName(value)
                .orElseThrow(() -> new ObjectStoreException(
                        "InvalidRequest", "Value for x-amz-checksum-type header is invalid.")));
    }

    /** Whole-object checksums stated in {@code x-amz-checksum-ALG} headers (CompleteMultipartUpload). */
    static Map<ChecksumAlgorithm, String> statedChecksums(Context ctx) throws ObjectStoreException {
        Map<ChecksumAlgorithm, String> out = new EnumMap<>(ChecksumAlgorithm.class);
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(CHECKSUM) && !NOT_VALUES.contains(lower)) {
                ChecksumAlgorithm a = ChecksumAlgorithm.fromHeaderName(lower)
                        .orElseThrow(() ->
                                new ObjectStoreException("InvalidRequest", "Unsupported checksum " + lower + "."));
                out.put(a, ctx.req().getHeader(name).strip());
            }
        }
        return out;
    }

    /** Content-Type and the {@code x-amz-meta-*} headers, checked. */
    static ObjectAttributes attributes(Context ctx) throws ObjectStoreException {
        Map<String, String> metadata = new LinkedHashMap<>();
        for (String name : Collections.list(ctx.req().getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(META) && lower.length() > META.length()) {
                metadata.merge(
                        lower.substring(META.length()),
                        String.join(",", Collections.list(ctx.req().getHeaders(name))),
                        (a, b) -> a + "," + b);
            }
        }
        return ObjectAttributes.of(ctx.header("Content-Type"), metadata);
    }

    /** Whether the client asked for checksums in the response ({@code x-amz-checksum-mode: ENABLED}). */
    static boolean checksumMode(Context ctx) {
        return "ENABLED"
                .equalsIgnoreCase(
                        String.valueOf(ctx.header("x-amz-checksum-mode")).strip());
    }

    static void checksum(Context ctx, ObjectChecksum checksum) {
        ctx.header(checksum.algorithm().headerName(), checksum.value());
        ctx.header("x-amz-checksum-type", checksum.type().name());
    }

    static void etag(Context ctx, String etag) {
        ctx.header("ETag", "\"" + etag + "\"");
    }

    /** The headers GetObject and HeadObject carry for a version, whatever range is served. */
    static void object(Context ctx, ObjectInfo info, boolean versionedBucket) {
        etag(ctx, info.etag());
        ctx.header("Last-Modified", HttpDates.format(info.lastModified()));
        ctx.header("Accept-Ranges", "bytes");
        ctx.header("Content-Type", info.contentType());
        if (!info.versionId().equals("null") || versionedBucket) {
            ctx.header("x-amz-version-id", info.versionId());
        }
        info.metadata().forEach((name, value) -> ctx.header(META + name, value));
    }
}
