package dev.signet.server.http;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.auth.AuthenticationException;
import dev.signet.server.http.auth.PayloadRejectedException;
import dev.signet.server.http.auth.SigV4Request;
import dev.signet.server.http.auth.SigV4Verifier;
import dev.signet.server.http.auth.SignatureParameters;
import dev.signet.server.http.auth.SigningContext;
import dev.signet.server.metrics.Api;
import dev.signet.server.metrics.SignetMetrics;
import dev.signet.server.service.access.Authorizer;
import dev.signet.server.service.access.RequestOrigin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single entry point of every request. A request signed with SigV4 goes to the
 * {@link AwsProtocolService} named by its credential scope ({@code .../signer/aws4_request}), after
 * its signature is verified; an unsigned request may only reach the public native routes
 * ({@code /v1/...}) and the operations AWS serves without credentials ({@link
 * AwsProtocolService#servesUnsigned}: STS AssumeRoleWithWebIdentity). Every response carries {@code x-amzn-RequestId} (S3 also gets
 * {@code x-amz-request-id} and {@code x-amz-id-2}); every failure is written by {@link HttpErrors}.
 */
public final class Dispatcher implements Handler {
    private static final Set<String> STREAMING = Set.of(
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    private static final String UNSIGNED = "UNSIGNED-PAYLOAD";
    private static final long MAX_DRAIN = 8L * 1024 * 1024;

    private final Map<String, AwsProtocolService> services;
    private final SigV4Verifier verifier;
    private final NativeRoutes nativeRoutes;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final RequestLog requestLog;
    private final Authorizer authorizer;
    private final KeyUse keyUse;

    /** Told of each authenticated request's access key (GetAccessKeyLastUsed). */
    @FunctionalInterface
    public interface KeyUse {
        void used(String accessKeyId, String service, String region);
    }

    /**
     * A dispatcher recording each request in {@code metrics} and in the request log ({@link
     * RequestLog}), asking {@code authorizer} before any route runs and telling {@code keyUse} of
     * each authenticated request's key.
     */
    public Dispatcher(
            List<AwsProtocolService> services,
            SigV4Verifier verifier,
            NativeRoutes nativeRoutes,
            SignetMetrics metrics,
            Authorizer authorizer,
            KeyUse keyUse) {
        Map<String, AwsProtocolService> byName = new LinkedHashMap<>();
        for (AwsProtocolService s : services) {
            if (byName.put(s.signingName(), s) != null) {
                throw new IllegalArgumentException("two services named " + s.signingName());
            }
        }
        this.services = Collections.unmodifiableMap(byName);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.nativeRoutes = Objects.requireNonNull(nativeRoutes, "nativeRoutes");
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        this.keyUse = Objects.requireNonNull(keyUse, "keyUse");
        this.requestLog = new RequestLog(metrics);
        metrics.inFlight(inFlight::get);
    }

    /** What the HTTP server calls once each response is sent. */
    public RequestLog requestLog() {
        return requestLog;
    }

    /** Requests being handled right now. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handle(Context ctx) {
        inFlight.incrementAndGet();
        try {
            dispatch(ctx);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void dispatch(Context ctx) {
        String requestId = RequestIds.assign(ctx);
        SigV4Request request = sigV4Request(ctx.req());
        if (!SigV4Verifier.isSigned(request) && nativeRoutes.serves(request.rawPath())) {
            RequestLog.api(ctx, Api.NATIVE);
            try {
                nativeRoutes.handle(ctx);
            } catch (Exception e) {
                HttpErrors.write(ctx, ErrorProtocol.JSON, e);
            }
            return;
        }
        if (!SigV4Verifier.isSigned(request)) {
            for (AwsProtocolService service : services.values()) {
                if (service.servesUnsigned(ctx)) {
                    RequestLog.api(ctx, Api.ofSigningName(service.signingName()));
                    try {
                        service.handleUnsigned(ctx);
                    } catch (Exception e) {
                        drain(ctx.req());
                        HttpErrors.write(ctx, ErrorProtocol.forService(service.signingName()), e);
                    }
                    return;
                }
            }
        }
        Optional<String> authorization = request.header("authorization");
        // the shape errors take even when the credentials cannot be parsed or are refused
        ErrorProtocol protocol =
                ErrorProtocol.of(authorization, request.rawQuery()).orElse(ErrorProtocol.JSON);
        try {
            if (protocol == ErrorProtocol.S3_XML) {
                s3RequestIds(ctx, requestId);
            }
            if (ErrorProtocol.isSigV2(authorization, request.rawQuery())) {
                throw new AuthenticationException(
                        AuthenticationException.Kind.UNSUPPORTED_SCHEME,
                        "The authorization mechanism you have provided is not supported. Please use"
                                + " AWS4-HMAC-SHA256.");
            }
            SignatureParameters params = SigV4Verifier.parameters(request);
            RequestLog.accessKeyId(ctx, params.accessKeyId());
            ErrorProtocol scoped = ErrorProtocol.forService(params.service());
            if (scoped == ErrorProtocol.S3_XML && protocol != ErrorProtocol.S3_XML) {
                s3RequestIds(ctx, requestId);
            }
            protocol = scoped;
            AwsProtocolService service = services.get(params.service());
            if (service == null) {
                throw new AuthenticationException(
                        AuthenticationException.Kind.BAD_SIGNATURE,
                        "Credential should be scoped to a service this endpoint serves ("
                                + String.join(", ", services.keySet()) + "), not '" + params.service() + "'.");
            }
            RequestLog.api(ctx, Api.ofSigningName(service.signingName()));
            boolean streams = protocol == ErrorProtocol.S3_XML || service.streamsBody(ctx);
            SigningContext signing = verifier.verify(request, params, payloadHash(ctx, request, params, streams));
            if (!streams) {
                checkBufferedBody(ctx, signing.payloadHash());
            }
            ctx.attribute(RequestBodies.SIGNING, signing);
            RequestLog.caller(ctx, signing.caller());
            keyUse.used(params.accessKeyId(), params.service(), params.region());
            // the one authorization decision, before any route runs (fails closed: a route that
            // names no action asks for all of its service's); the address is the connection's,
            // never a forwarding header's
            authorizer.authorize(
                    signing.caller(),
                    service.accessRequest(ctx, signing.caller()),
                    new RequestOrigin(ctx.req().getRemoteAddr(), ctx.req().isSecure()));
            service.handle(ctx, signing.caller());
        } catch (Exception e) {
            drain(ctx.req());
            HttpErrors.write(ctx, protocol, e);
        }
    }

    private static void s3RequestIds(Context ctx, String requestId) {
        ctx.header(
                "x-amz-request-id", requestId.replace("-", "").substring(0, 16).toUpperCase());
        ctx.header("x-amz-id-2", requestId);
    }

    /**
     * Reads (a bounded amount of) a body the handler left unread, so that a client still sending it
     * gets to read the error response instead of a reset connection.
     */
    private static void drain(HttpServletRequest req) {
        try {
            var in = req.getInputStream();
            byte[] buffer = new byte[8192];
            long left = MAX_DRAIN;
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | IllegalStateException ignored) {
            // the connection will be closed after the response; nothing more to do
        }
    }

    /**
     * The payload hash the signature covers. A streamed body is never buffered here: its declared
     * hash is checked as it is read ({@link RequestBodies#open}), so it must be declared.
     */
    private static String payloadHash(Context ctx, SigV4Request request, SignatureParameters params, boolean streams)
            throws PayloadRejectedException, AuthenticationException, ClientBodyException {
        boolean s3 = "s3".equals(params.service());
        Optional<String> declared = request.header("x-amz-content-sha256").map(String::strip);
        if (declared.isPresent()) {
            String value = declared.get();
            SigV4Verifier.requireSignedPayload(params, value);
            boolean known = SigV4.isSha256Hex(value) || value.equals(UNSIGNED) || STREAMING.contains(value);
            if (!known || (!streams && STREAMING.contains(value))) {
                throw new PayloadRejectedException(
                        "InvalidArgument",
                        "BadRequestException",
                        400,
                        "x-amz-content-sha256 must be the hex SHA-256 of the body"
                                + (s3 ? ", UNSIGNED-PAYLOAD" : "")
                                + (streams ? " or a STREAMING-* value." : "."));
            }
            return value;
        }
        if (streams) {
            if (s3 && params.presigned()) {
                return UNSIGNED;
            }
            if (hasBody(ctx.req())) {
                throw new PayloadRejectedException(
                        "InvalidRequest",
                        "BadRequestException",
                        400,
                        "Missing required header for this request: x-amz-content-sha256");
            }
            return SigV4.EMPTY_SHA256;
        }
        return SigV4.sha256Hex(RequestBodies.buffered(ctx));
    }

    /** For the JSON services the body is read whole; a declared hex hash must match it. */
    private static void checkBufferedBody(Context ctx, String payloadHash)
            throws PayloadRejectedException, ClientBodyException {
        if (!SigV4.isSha256Hex(payloadHash)) {
            return;
        }
        String actual = SigV4.sha256Hex(RequestBodies.buffered(ctx));
        if (!MessageDigest.isEqual(
                actual.getBytes(StandardCharsets.US_ASCII), payloadHash.getBytes(StandardCharsets.US_ASCII))) {
            throw new PayloadRejectedException(
                    "XAmzContentSHA256Mismatch",
                    "InvalidSignatureException",
                    400,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    }

    private static boolean hasBody(HttpServletRequest req) {
        return req.getContentLengthLong() > 0 || req.getHeader("Transfer-Encoding") != null;
    }

    static SigV4Request sigV4Request(HttpServletRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            List<String> values = new ArrayList<>(Collections.list(req.getHeaders(name)));
            headers.merge(name, values, (a, b) -> {
                a.addAll(b);
                return a;
            });
        }
        return new SigV4Request(req.getMethod(), req.getRequestURI(), req.getQueryString(), headers);
    }
}
