package dev.signet.server.service.access;

import java.util.Objects;

/**
 * What a request asks to do, as IAM names it: the action ({@code iam:CreateUser},
 * {@code sts:GetCallerIdentity}) and the ARN of the resource it acts on ({@code *} when the
 * request names none, or when its service does not name its resources yet).
 */
public record AccessRequest(String action, String resource) {
    public AccessRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        if (action.indexOf(':') < 1) {
            throw new IllegalArgumentException("an action is SERVICE:NAME, got " + action);
        }
    }

    /** Every action of a service on any resource: what a route that does not describe its requests asks. */
    public static AccessRequest anyOf(String servicePrefix) {
        return new AccessRequest(servicePrefix + ":*", "*");
    }
}
