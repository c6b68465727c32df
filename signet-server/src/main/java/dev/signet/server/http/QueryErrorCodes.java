package dev.signet.server.http;

import dev.signet.server.http.auth.AuthenticationException;
import dev.signet.server.service.ServiceException;
import java.util.Map;

/**
 * The codes the Query protocol (IAM, STS) gives the failures the other protocols name in their own
 * way: authentication failures (InvalidClientTokenId, SignatureDoesNotMatch, ...) and the shared
 * service exceptions (ValidationException -> ValidationError, TooManyRequestsException ->
 * Throttling, ...). Codes that already are IAM's (NoSuchEntity, ...) pass as they are.
 */
final class QueryErrorCodes {
    private static final Map<String, String> SERVICE = Map.of(
            "ValidationException", "ValidationError",
            "BadRequestException", "InvalidParameterValue",
            "TooManyRequestsException", "Throttling",
            "InternalServiceErrorException", "ServiceFailure");

    private QueryErrorCodes() {}

    /** The Query protocol's error for {@code e}, or null when {@link HttpErrors} decides as for the others. */
    static HttpErrors.Error classify(Exception e) {
        if (e instanceof ServiceException se) {
            int status = se.errorCode().equals("TooManyRequestsException") ? 400 : se.httpStatus();
            return new HttpErrors.Error(status, SERVICE.getOrDefault(se.errorCode(), se.errorCode()), se.getMessage());
        }
        if (e instanceof AuthenticationException ae) {
            String code = switch (ae.kind()) {
                case MISSING -> "MissingAuthenticationToken";
                case UNKNOWN_KEY, INVALID_TOKEN -> "InvalidClientTokenId";
                case EXPIRED_TOKEN -> "ExpiredToken";
                case MALFORMED, UNSUPPORTED_SCHEME -> "IncompleteSignature";
                default -> "SignatureDoesNotMatch";
            };
            String message = ae.kind() == AuthenticationException.Kind.UNKNOWN_KEY
                            || ae.kind() == AuthenticationException.Kind.INVALID_TOKEN
                    ? "The security token included in the request is invalid."
                    : ae.getMessage();
            return new HttpErrors.Error(ae.kind().status(), code, message);
        }
        return null;
    }
}
