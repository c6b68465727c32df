package dev.signet.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import dev.signet.server.http.auth.AuthenticationException;
import dev.signet.server.http.auth.PayloadRejectedException;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessDeniedException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into HTTP errors. restJson1: status, {@code X-Amzn-ErrorType:
 * CODE} and {@code {"message", "code"}}; Lambda: the same header and {@code {"Type", "message"}}
 * ({@link LambdaErrorShape}); S3: {@code <Error><Code/><Message/><RequestId/></Error>}; IAM and STS
 * (the Query protocol): {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>}
 * with the Query protocol's codes ({@link QueryErrorCodes}).
 * A body that did not arrive ({@link ClientBodyException}: the client stalled past the idle timeout
 * or left early) is the client's fault: 400 (S3: RequestTimeout or IncompleteBody; elsewhere
 * BadRequestException, Lambda's InvalidRequestContentException) and one log line. Anything
 * unexpected becomes a 500 InternalServiceErrorException (S3: InternalError) with a generic
 * message; its details go to the server log only, under the request id.
 */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    private static final Map<String, Integer> S3_STATUS = Map.ofEntries(
            Map.entry("NoSuchBucket", 404),
            Map.entry("NoSuchKey", 404),
            Map.entry("NoSuchVersion", 404),
            Map.entry("InvalidBucketName", 400),
            Map.entry("BucketAlreadyOwnedByYou", 409),
            Map.entry("BucketAlreadyExists", 409),
            Map.entry("InvalidArgument", 400),
            Map.entry("InvalidRequest", 400),
            Map.entry("KeyTooLongError", 400),
            Map.entry("EntityTooLarge", 400),
            Map.entry("IncompleteBody", 400),
            Map.entry("RequestTimeout", 400),
            Map.entry("BadDigest", 400),
            Map.entry("InvalidDigest", 400),
            Map.entry("MalformedXML", 400),
            Map.entry("InvalidRange", 416),
            Map.entry("MethodNotAllowed", 405),
            Map.entry("NoSuchUpload", 404),
            Map.entry("BucketNotEmpty", 409),
            Map.entry("InvalidPart", 400),
            Map.entry("InvalidPartOrder", 400),
            Map.entry("EntityTooSmall", 400),
            Map.entry("InvalidPartNumber", 416),
            Map.entry("PreconditionFailed", 412),
            Map.entry("MetadataTooLarge", 400),
            Map.entry("IllegalLocationConstraintException", 400),
            Map.entry("InvalidURI", 400),
            Map.entry("AccessDenied", 403),
            Map.entry("NotImplemented", 501),
            Map.entry("SlowDown", 503),
            Map.entry("InternalError", 500));

    private HttpErrors() {}

    /** Writes the error for {@code e} in the protocol's shape. Never throws. */
    public static void write(Context ctx, ErrorProtocol protocol, Exception e) {
        Error error = classify(protocol, e, RequestIds.of(ctx));
        if (protocol == ErrorProtocol.LAMBDA_JSON) {
            error = LambdaErrorShape.rename(error);
        }
        write(ctx, protocol, error.status(), error.code(), error.message());
    }

    record Error(int status, String code, String message) {}

    private static Error classify(ErrorProtocol protocol, Exception e, String requestId) {
        boolean s3 = protocol == ErrorProtocol.S3_XML;
        if (e instanceof AccessDeniedException denied && (s3 || protocol.isQuery())) {
            return new Error(403, "AccessDenied", denied.getMessage());
        }
        if (protocol.isQuery()) {
            Error query = QueryErrorCodes.classify(e);
            if (query != null) {
                return query;
            }
        }
        if (e instanceof ServiceException se) {
            return new Error(se.httpStatus(), se.errorCode(), se.getMessage());
        }
        if (e instanceof AuthenticationException ae) {
            return s3
                    ? new Error(ae.kind().s3Status(), ae.kind().s3Code(), ae.s3Message())
                    : new Error(ae.kind().status(), ae.kind().jsonCode(), ae.getMessage());
        }
        ClientBodyException body = find(e, ClientBodyException.class);
        if (body != null) {
            LOG.info("Request {}: the client's body did not arrive: {}", requestId, body.summary());
            return new Error(
                    400,
                    s3 ? body.kind().s3Code() : "BadRequestException",
                    body.kind().message());
        }
        PayloadRejectedException payload = find(e, PayloadRejectedException.class);
        if (payload != null) {
            return new Error(payload.status(), s3 ? payload.s3Code() : payload.jsonCode(), payload.getMessage());
        }
        KeyBackendUnavailableException keys = find(e, KeyBackendUnavailableException.class);
        if (keys != null) {
            // a token unplugged or logged out: the caller may retry; what failed is for the log only
            LOG.warn("Request {}: key backend unavailable: {}", requestId, keys.getMessage());
            return s3
                    ? new Error(503, "ServiceUnavailable", "Service is unable to handle request.")
                    : new Error(503, "ServiceUnavailableException", "The key backend is unavailable; retry later.");
        }
        if (e instanceof ObjectStoreException oe && !"InternalError".equals(oe.code())) {
            return new Error(S3_STATUS.getOrDefault(oe.code(), 400), oe.code(), oe.getMessage());
        }
        if (e instanceof JsonProcessingException) {
            return new Error(400, "BadRequestException", "The request body is not valid JSON for this operation.");
        }
        if (e instanceof HttpResponseException he && he.getStatus() < 500) {
            String code = he.getStatus() == 413
                    ? (s3 ? "EntityTooLarge" : "RequestEntityTooLargeException")
                    : (s3 ? "InvalidRequest" : "BadRequestException");
            return new Error(he.getStatus(), code, he.getMessage());
        }
        LOG.error("Request {} failed unexpectedly", requestId, e);
        if (protocol.isQuery()) {
            return new Error(500, "ServiceFailure", "An internal error occurred; request id " + requestId);
        }
        return s3
                ? new Error(500, "InternalError", "We encountered an internal error. Please try again.")
                : new Error(
                        500, "InternalServiceErrorException", "An internal error occurred; request id " + requestId);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** Writes an error response with the given status, code and message. */
    public static void write(Context ctx, ErrorProtocol protocol, int status, String code, String message) {
        Rendered r = render(protocol, status, code, message, RequestIds.of(ctx));
        RequestLog.errorCode(ctx, code);
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        ctx.contentType(r.contentType());
        if (protocol == ErrorProtocol.S3_XML && "HEAD".equals(ctx.method().name())) {
            ctx.result("");
        } else {
            ctx.result(r.body());
        }
    }

    /** An error response in a protocol's shape, ready to send by Javalin or by Jetty itself. */
    record Rendered(int status, String contentType, Map<String, String> headers, byte[] body) {}

    /** The error response for a status, code and message, in the protocol's shape. */
    static Rendered render(ErrorProtocol protocol, int status, String code, String message, String requestId) {
        String text = message == null ? "" : message;
        if (protocol.isQuery()) {
            byte[] body = ("<ErrorResponse xmlns=\"" + protocol.namespace() + "\">\n  <Error>\n    <Type>"
                            + (status >= 500 ? "Receiver" : "Sender") + "</Type>\n    <Code>" + Xml.escape(code)
                            + "</Code>\n    <Message>" + Xml.escape(text) + "</Message>\n  </Error>\n  <RequestId>"
                            + Xml.escape(requestId) + "</RequestId>\n</ErrorResponse>\n")
                    .getBytes(StandardCharsets.UTF_8);
            return new Rendered(status, "text/xml", Map.of(), body);
        }
        if (protocol == ErrorProtocol.S3_XML) {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + Xml.escape(code)
                            + "</Code><Message>" + Xml.escape(text) + "</Message><RequestId>"
                            + Xml.escape(requestId) + "</RequestId><HostId>"
                            + Xml.escape(requestId) + "</HostId></Error>")
                    .getBytes(StandardCharsets.UTF_8);
            return new Rendered(status, "application/xml", Map.of(), body);
        }
        Map<String, String> body = protocol == ErrorProtocol.LAMBDA_JSON
                ? LambdaErrorShape.body(status, code, text)
                : new LinkedHashMap<>();
        if (body.isEmpty()) {
            body.put("message", text);
            body.put("code", code);
        }
        byte[] json;
        try {
            json = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            json = ("{\"message\":\"\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        return new Rendered(status, "application/json", Map.of("X-Amzn-ErrorType", code), json);
    }
}
