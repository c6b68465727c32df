package dev.signet.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Lambda's error body: {@code {"Type": "User"|"Service", "message": "..."}}, where the message member
 * is spelled {@code Message} for the error shapes whose model says so. Generic failures get Lambda's
 * names: ServiceException for an internal error, InvalidRequestContentException for a body that
 * cannot be read, RequestTooLargeException for one that is too large.
 */
final class LambdaErrorShape {
    /** Error shapes whose model member is {@code Message} rather than {@code message}. */
    private static final Set<String> CAPITALISED = Set.of(
            "ResourceNotFoundException",
            "CodeSigningConfigNotFoundException",
            "ServiceException",
            "CodeVerificationFailedException",
            "InvalidCodeSignatureException");

    private static final Map<String, String> RENAMED = Map.of(
            "InternalServiceErrorException", "ServiceException",
            "BadRequestException", "InvalidRequestContentException",
            "ValidationException", "InvalidParameterValueException",
            "RequestEntityTooLargeException", "RequestTooLargeException");

    private LambdaErrorShape() {}

    static HttpErrors.Error rename(HttpErrors.Error error) {
        String code = RENAMED.getOrDefault(error.code(), error.code());
        return new HttpErrors.Error(error.status(), code, error.message());
    }

    static Map<String, String> body(int status, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Type", status >= 500 ? "Service" : "User");
        body.put(CAPITALISED.contains(code) ? "Message" : "message", message);
        return body;
    }
}
