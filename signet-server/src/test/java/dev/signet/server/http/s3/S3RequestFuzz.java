package dev.signet.server.http.s3;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.http.ErrorProtocol;
import dev.signet.server.http.RequestBodies;
import dev.signet.server.http.auth.PayloadRejectedException;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectNames;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.testing.RequestHead;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 request parsing that runs before the object store is asked anything: the {@code Range}
 * header ({@link ByteRange}), the {@code x-amz-copy-source} header with its versionId and {@code
 * x-amz-copy-source-range} ({@link CopySource}, {@link MultipartHandlers#copyRange}), and a whole
 * request head through every header and query parser of the S3 routes (path and query, part
 * numbers, listing limits and continuation tokens, bucket names and keys as the store checks them,
 * checksum, metadata and conditional headers,
 * {@code x-amz-mp-object-size}, {@code x-amz-decoded-content-length}, and the error protocol the
 * dispatcher picks before authentication). Declares {@link ObjectStoreException} with a client's
 * code (InternalError is a 500) and {@link PayloadRejectedException}. A range that parses must lie
 * inside the object and hold at least one byte.
 */
class S3RequestFuzz {
    /** Object sizes every range is resolved against: empty, tiny, ordinary, S3's largest part, and past any file. */
    private static final List<Long> SIZES = List.of(0L, 1L, 2L, 1000L, 5L << 30, Long.MAX_VALUE);

    private static final ObjectInfo OBJECT = new ObjectInfo(
            "bucket",
            "key",
            "null",
            1000,
            "9a0364b9e99bb480dd25e1f0284c8555",
            "application/octet-stream",
            Instant.parse("2026-12-01T12:00:00Z"),
            true,
            Map.of(),
            Optional.empty(),
            0);

    /** The input is a {@code Range} header value. */
    @BoundedFuzzTest
    void range(byte[] input) {
        String header = text(input);
        FuzzBounds.parse(() -> {
            for (long size : SIZES) {
                refusable(() -> ByteRange.parse(header, size).ifPresent(r -> inside(r, size)));
            }
        });
    }

    /** The input is an {@code x-amz-copy-source} value, a NUL, and an {@code x-amz-copy-source-range} value. */
    @BoundedFuzzTest
    void copySource(byte[] input) {
        String text = text(input);
        int nul = text.indexOf('\0');
        String source = nul < 0 ? text : text.substring(0, nul);
        String range = nul < 0 ? null : text.substring(nul + 1);
        FuzzBounds.parse(() -> {
            refusable(() -> {
                CopySource parsed = CopySource.parse(source);
                if (parsed.bucket().isEmpty()
                        || parsed.key().isEmpty()
                        || parsed.versionId().filter(String::isEmpty).isPresent()) {
                    throw new AssertionError("copy source parsed with an empty part: " + parsed);
                }
            });
            if (range != null) {
                for (long size : SIZES) {
                    refusable(() -> inside(MultipartHandlers.copyRange(range, size), size));
                }
            }
        });
    }

    /**
     * The input is a request head ({@link RequestHead}: {@code METHOD TARGET}, then {@code Name:
     * value} lines), read by every S3 header and query parser, each on its own so that one refusal
     * does not hide the next parser.
     */
    @BoundedFuzzTest
    void requestHead(byte[] input) {
        Optional<RequestHead> head = RequestHead.parse(input);
        if (head.isEmpty()) {
            return;
        }
        Context ctx = head.get().context(new byte[0]);
        FuzzBounds.parse(() -> {
            ErrorProtocol.of(head.get().header("Authorization"), head.get().rawQuery());
            refusable(() -> query(S3Request.of(ctx)));
            refusable(() -> S3Headers.declaredChecksum(ctx));
            refusable(() -> S3Headers.checksumAlgorithm(ctx));
            refusable(() -> S3Headers.checksumType(ctx));
            refusable(() -> S3Headers.statedChecksums(ctx));
            refusable(() -> S3Headers.attributes(ctx));
            S3Headers.checksumMode(ctx);
            refusable(() -> ObjectHandlers.refuseUnservedWrite(ctx));
            refusable(() -> MultipartHandlers.objectSize(ctx));
            refusable(() -> RequestBodies.declaredLength(ctx));
            String copySource = ctx.header("x-amz-copy-source");
            if (copySource != null) {
                refusable(() -> {
                    CopySource parsed = CopySource.parse(copySource);
                    names(parsed.bucket(), parsed.key());
                });
            }
            String copyRange = ctx.header("x-amz-copy-source-range");
            if (copyRange != null) {
                refusable(() -> inside(MultipartHandlers.copyRange(copyRange, OBJECT.size()), OBJECT.size()));
            }
            Preconditions.of(
                            ctx.header("If-Match"),
                            ctx.header("If-None-Match"),
                            ctx.header("If-Modified-Since"),
                            ctx.header("If-Unmodified-Since"))
                    .evaluate(OBJECT);
            CopySource.preconditions(ctx).evaluate(OBJECT);
            refusable(
                    () -> ByteRange.parse(ctx.header("Range"), OBJECT.size()).ifPresent(r -> inside(r, OBJECT.size())));
        });
    }

    /** The query parameters the S3 handlers read, with their limits. */
    private static void query(S3Request r) throws ObjectStoreException {
        names(r.bucket(), r.key());
        r.intParam("partNumber", 1, 10_000, "partNumber");
        r.intParam("max-parts", 0, Integer.MAX_VALUE, "max-parts");
        r.intParam("part-number-marker", 0, Integer.MAX_VALUE, "part-number-marker");
        r.intParam("max-keys", 0, Integer.MAX_VALUE, "max-keys");
        r.intParam("max-uploads", 0, Integer.MAX_VALUE, "max-uploads");
        Optional<String> token = r.param("continuation-token");
        if (token.isPresent()) {
            ListingHandlers.decodeToken(token.get());
        }
    }

    /** The store's checks of the names a request carries, each on its own. */
    private static void names(String bucket, String key) {
        if (!bucket.isEmpty()) {
            refusable(() -> ObjectNames.checkBucket(bucket));
        }
        if (!key.isEmpty()) {
            refusable(() -> ObjectNames.checkKey(key));
        }
    }

    private static void inside(ByteRange range, long size) {
        if (range.start() < 0 || range.length() < 1 || range.start() > size - range.length()) {
            throw new AssertionError("range " + range + " is not inside an object of " + size + " bytes");
        }
    }

    private interface Parse {
        void run() throws ObjectStoreException, PayloadRejectedException;
    }

    private static void refusable(Parse parse) {
        try {
            parse.run();
        } catch (ObjectStoreException refused) {
            if (refused.code().equals("InternalError")) {
                throw new AssertionError("bad input answered InternalError: " + refused.getMessage(), refused);
            }
        } catch (PayloadRejectedException refused) {
            // refused, as documented
        }
    }

    /** Header values reach the server as ISO-8859-1 text. */
    private static String text(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1);
    }
}
