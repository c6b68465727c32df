package dev.signet.server.service.access;

import dev.signet.server.service.Caller;

/**
 * The one decision whether an authenticated caller may make a request. The dispatcher asks it for
 * every signed request, after the signature is verified and before any route runs; a refusal
 * changes nothing and is answered in the request's protocol ({@link AccessDeniedException}).
 * {@link PolicyAuthorizer} evaluates IAM policies (composition root: {@code ServerAssembly}).
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * Returns when {@code caller} may make {@code request} (and every request in its {@code also}).
     *
     * @throws AccessDeniedException when it may not
     */
    void authorize(Caller caller, AccessRequest request, RequestOrigin origin);
}
