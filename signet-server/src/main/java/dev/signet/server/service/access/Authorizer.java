package dev.signet.server.service.access;

import dev.signet.server.service.Caller;

/**
 * The one decision whether an authenticated caller may make a request. The dispatcher asks it for
 * every signed request, after the signature is verified and before any route runs; a refusal
 * changes nothing and is answered in the request's protocol ({@link AccessDeniedException}).
 *
 * <p>{@link AdministratorOnlyAuthorizer} is the interim rule until IAM policies are evaluated; the
 * policy evaluator replaces it by implementing this interface (composition root: {@code
 * ServerAssembly}).
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Returns when {@code caller} may make {@code request}.
     *
     * @throws AccessDeniedException when it may not
     */
    void authorize(Caller caller, AccessRequest request);
}
