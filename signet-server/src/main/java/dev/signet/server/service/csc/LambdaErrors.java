package dev.signet.server.service.csc;

import dev.signet.server.service.ServiceException;

/**
 * The Lambda error types the code-signing-config operations report, as {@link ServiceException}s
 * carrying the shape name and status of the Lambda model.
 */
public final class LambdaErrors {
    private LambdaErrors() {}

    /** A member breaks a constraint of the model, or a value cannot be used (400). */
    public static ServiceException invalidParameter(String message) {
        return new ServiceException("InvalidParameterValueException", 400, message);
    }

    /** The request body is not the JSON document the operation takes (400). */
    public static ServiceException invalidRequestContent(String message) {
        return new ServiceException("InvalidRequestContentException", 400, message);
    }

    /** The named code signing config or function does not exist (404). */
    public static ServiceException notFound(String message) {
        return new ServiceException("ResourceNotFoundException", 404, message);
    }

    /** The code signing config a function is being attached to does not exist (404). */
    public static ServiceException codeSigningConfigNotFound(String message) {
        return new ServiceException("CodeSigningConfigNotFoundException", 404, message);
    }

    /** The resource is in use, e.g. a config that functions still reference (409). */
    public static ServiceException conflict(String message) {
        return new ServiceException("ResourceConflictException", 409, message);
    }
}
