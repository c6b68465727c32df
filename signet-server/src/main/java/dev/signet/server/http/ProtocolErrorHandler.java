package dev.signet.server.http;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors in the API's shape instead of Jetty's HTML page. Jetty answers some requests
 * before the {@link Dispatcher} sees them: a request line whose path it cannot parse or that climbs
 * above the root ({@code /../x}, {@code %00}), an oversized header, a malformed request. When the
 * request's credentials name a service the error takes that service's shape; otherwise (Jetty
 * refuses a bad request line before reading any header) it is S3's XML, since only S3 object keys
 * carry such paths. The path checks themselves stay Jetty's: nothing refused here reaches a handler.
 */
final class ProtocolErrorHandler extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ErrorProtocol protocol = ErrorProtocol.of(
                        Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
                        Optional.ofNullable(request.getHttpURI().getQuery()).orElse(""))
                .orElse(ErrorProtocol.S3_XML);
        String requestId = UUID.randomUUID().toString();
        boolean badUri = code == 414 || (code == 400 && badUri(request, message, cause));
        HttpErrors.Rendered r =
                HttpErrors.render(protocol, code, code(protocol, code, badUri), text(code, message, badUri), requestId);
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        response.getHeaders().put("x-amzn-RequestId", requestId);
        if (protocol == ErrorProtocol.S3_XML) {
            response.getHeaders()
                    .put(
                            "x-amz-request-id",
                            requestId.replace("-", "").substring(0, 16).toUpperCase());
            response.getHeaders().put("x-amz-id-2", requestId);
        }
        r.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(r.body()), callback);
    }

    private static String code(ErrorProtocol protocol, int status, boolean badUri) {
        boolean s3 = protocol == ErrorProtocol.S3_XML;
        if (status >= 500) {
            return s3 ? "InternalError" : "InternalServiceErrorException";
        }
        if (badUri) {
            return s3 ? "InvalidURI" : "BadRequestException";
        }
        return switch (status) {
            case 413 -> s3 ? "EntityTooLarge" : "RequestEntityTooLargeException";
            case 431 -> s3 ? "RequestHeaderSectionTooLarge" : "BadRequestException";
            default -> s3 ? "InvalidRequest" : "BadRequestException";
        };
    }

    private static String text(int status, String message, boolean badUri) {
        if (badUri) {
            return "Couldn't parse the specified URI.";
        }
        if (status >= 500) {
            return "We encountered an internal error. Please try again.";
        }
        return message == null ? "Bad request" : message;
    }

    /**
     * Whether Jetty refused the request's URI: its reason says so, or the request is the stand-in
     * Jetty builds when the request line itself could not be parsed ({@code /badMessage},
     * {@code /badURI}).
     */
    private static boolean badUri(Request request, String message, Throwable cause) {
        String path = request.getHttpURI().getPath();
        if ("/badURI".equals(path) || "/badMessage".equals(path)) {
            return true;
        }
        if (message != null && message.contains("URI")) {
            return true;
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("URI")) {
                return true;
            }
        }
        return false;
    }
}
