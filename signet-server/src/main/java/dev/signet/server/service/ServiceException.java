package dev.signet.server.service;

/**
 * A use case refused a request. {@link #errorCode()} is the AWS error type the API reports (the
 * shape name in the AWS model, e.g. {@code ValidationException}); {@link #httpStatus()} its status.
 * The message is shown to the caller, so it never carries secrets. HTTP mapping happens in one
 * place ({@code dev.signet.server.http}).
 */
public class ServiceException extends RuntimeException {
    private final String errorCode;
    private final int httpStatus;

    public ServiceException(String errorCode, int httpStatus, String message) {
        super(message);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    public String errorCode() {
        return errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public static ServiceException validation(String message) {
        return new ServiceException("ValidationException", 400, message);
    }

    public static ServiceException badRequest(String message) {
        return new ServiceException("BadRequestException", 400, message);
    }

    public static ServiceException notFound(String message) {
        return new ServiceException("ResourceNotFoundException", 404, message);
    }

    public static ServiceException conflict(String message) {
        return new ServiceException("ConflictException", 409, message);
    }

    public static ServiceException accessDenied(String message) {
        return new ServiceException("AccessDeniedException", 403, message);
    }

    public static ServiceException tooManyRequests(String message) {
        return new ServiceException("TooManyRequestsException", 429, message);
    }

    /** The service cannot do it now but may soon (a key backend unreachable): clients retry a 503. */
    public static ServiceException unavailable(String message) {
        return new ServiceException("ServiceUnavailableException", 503, message);
    }

    public static ServiceException internal(String message) {
        return new ServiceException("InternalServiceErrorException", 500, message);
    }
}
