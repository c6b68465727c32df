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
        HttpErrors.Rendered r =
                HttpErrors.render(protocol, code, code(protocol, code, message), text(code, message), requestId);
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

    private static String code(ErrorProtocol protocol, int status, String message) {
        boolean s3 = protocol == ErrorProtocol.S3_XML;
        if (status >= 500) {
            return s3 ? "InternalError" : "InternalServiceErrorException";
        }
        return switch (status) {
            case 413 -> s3 ? "EntityTooLarge" : "RequestEntityTooLargeException";
            case 414 -> s3 ? "InvalidURI" : "BadRequestException";
            case 431 -> s3 ? "RequestHeaderSectionTooLarge" : "BadRequestException";
            case 400 -> s3 && badUri(message) ? "InvalidURI" : s3 ? "InvalidRequest" : "BadRequestException";
            default -> s3 ? "InvalidRequest" : "BadRequestException";
        };
    }

    private static String text(int status, String message) {
        if ((status == 400 && badUri(message)) || status == 414) {
            return "Couldn't parse the specified URI.";
        }
        if (status >= 500) {
            return "We encountered an internal error. Please try again.";
        }
        return message == null ? "Bad request" : message;
    }

    private static boolean badUri(String message) {
        return message != null && (message.contains("URI") || message.equals("Bad Request"));
    }
}
