package dev.signet.server.http;

import dev.signet.server.http.auth.AwsChunkedInputStream;
import dev.signet.server.http.auth.PayloadChecks;
import dev.signet.server.http.auth.PayloadRejectedException;
import dev.signet.server.http.auth.SigningContext;
import dev.signet.server.objects.SizedInputStream;
import io.javalin.http.Context;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The body of an authenticated request, decoded and checked as its signature demands: the signed
 * payload hash, aws-chunked framing with chunk signatures, trailing or header checksums and
 * Content-MD5. Every check fails the read with {@link PayloadRejectedException} before
 * end-of-stream, so a consumer that commits at end-of-stream never commits a rejected body. A body
 * that stops arriving fails the read with {@link ClientBodyException}, on every path here.
 */
public final class RequestBodies {
    static final String SIGNING = "signet.signing";
    private static final int BUFFER = 64 * 1024;

    private RequestBodies() {}

    /** The verified signature of the current request. */
    public static SigningContext signing(Context ctx) {
        SigningContext signing = ctx.attribute(SIGNING);
        if (signing == null) {
            throw new IllegalStateException("request was not authenticated");
        }
        return signing;
    }

    /**
     * The body of an unauthenticated request, as sent; a read that fails because the client stalled
     * or left throws {@link ClientBodyException}.
     */
    static InputStream unauthenticated(Context ctx) throws IOException {
        return new ClientBodyStream(ctx.req().getInputStream());
    }

    /**
     * The whole body of a request the dispatcher buffers (at most {@link HttpServer#MAX_BUFFERED_BODY};
     * Javalin keeps it for the handler); a read that fails because the client stalled or left throws
     * {@link ClientBodyException}.
     */
    static byte[] buffered(Context ctx) throws ClientBodyException {
        try {
            return ctx.bodyAsBytes();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Javalin's reader (Kotlin) throws the container's IOException undeclared
            if (e instanceof IOException io) {
                throw ClientBodyException.of(io);
            }
            throw new IllegalStateException("reading the request body failed unexpectedly", e);
        }
    }

    /** Opens the request body as a checked stream of its decoded content. */
    public static InputStream open(Context ctx) throws IOException {
        SigningContext signing = signing(ctx);
        InputStream raw = new BufferedInputStream(new ClientBodyStream(ctx.req().getInputStream()), BUFFER);
        Optional<String> trailer = Optional.ofNullable(ctx.header("x-amz-trailer"));
        Optional<Long> decodedLength = decodedLength(ctx);
        String hash = signing.payloadHash();
        InputStream body = switch (hash) {
            case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" ->
                new AwsChunkedInputStream(raw, Optional.of(signing), trailer, decodedLength);
            case "STREAMING-UNSIGNED-PAYLOAD-TRAILER" ->
                new AwsChunkedInputStream(raw, Optional.empty(), trailer, decodedLength);
            case "UNSIGNED-PAYLOAD" -> raw;
            default -> PayloadChecks.sha256(raw, hash);
        };
        if (!hash.startsWith("STREAMING-")) {
            body = PayloadChecks.amzChecksumHeaders(
                    body, ctx.req()::getHeader, ctx.req().getHeaderNames());
        }
        String md5 = ctx.header("Content-MD5");
        if (md5 != null) {
            body = PayloadChecks.contentMd5(body, md5);
        }
        // a store may stream a body of known length on instead of holding it: an aws-chunked body's
        // length is its decoded length when declared (its Content-Length counts the framing too)
        long declared = hash.startsWith("STREAMING-")
                ? decodedLength.orElse(-1L)
                : ctx.req().getContentLengthLong();
        return declared < 0 ? body : new SizedInputStream(body, declared);
    }

    /**
     * The length of the decoded body the request declares: {@code x-amz-decoded-content-length} for
     * an aws-chunked body (its Content-Length counts the chunk framing too), else Content-Length;
     * -1 when neither is known.
     */
    public static long declaredLength(Context ctx) throws PayloadRejectedException {
        return decodedLength(ctx).orElse(ctx.req().getContentLengthLong());
    }

    private static Optional<Long> decodedLength(Context ctx) throws PayloadRejectedException {
        String value = ctx.header("x-amz-decoded-content-length");
        if (value == null) {
            return Optional.empty();
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(n);
        } catch (NumberFormatException e) {
            throw new PayloadRejectedException(
                    "InvalidArgument", "BadRequestException", 400, "x-amz-decoded-content-length is not a length.");
        }
    }
}
