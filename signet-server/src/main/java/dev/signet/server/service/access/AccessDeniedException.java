package dev.signet.server.service.access;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;

/**
 * A request its caller is not allowed to make: 403, AccessDeniedException in the JSON protocols,
 * AccessDenied in S3's and IAM's XML. The message has AWS's shape.
 */
public final class AccessDeniedException extends ServiceException {

    public AccessDeniedException(String message) {
        super("AccessDeniedException", 403, message);
    }

    /**
     * AWS's message for an implicit deny: "User: ARN is not authorized to perform: ACTION on
     * resource: ARN because no identity-based policy allows the ACTION action".
     */
    public static AccessDeniedException noPolicyAllows(Caller caller, AccessRequest request) {
        return new AccessDeniedException("User: " + caller.principalArn() + " is not authorized to perform: "
                + request.action() + " on resource: " + request.resource()
                + " because no identity-based policy allows the " + request.action() + " action");
    }
}
