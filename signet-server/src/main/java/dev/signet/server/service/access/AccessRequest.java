package dev.signet.server.service.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a request asks to do, as IAM names it: the action ({@code signer:SignPayload}), the ARN of
 * the resource it acts on ({@code *} when the operation names none), the request's own condition
 * keys ({@code signer:ProfileVersion}, {@code s3:prefix}), and further requests that must be
 * allowed too (CopyObject also reads its source: {@code s3:GetObject} on the source object).
 *
 * @param keys condition keys by name, each with one or more values
 * @param also requests that must be allowed as well, each evaluated on its own
 */
public record AccessRequest(String action, String resource, Map<String, List<String>> keys, List<AccessRequest> also) {
    public AccessRequest {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        keys = Map.copyOf(keys);
        also = List.copyOf(also);
        if (action.indexOf(':') < 1) {
            throw new IllegalArgumentException("an action is SERVICE:NAME, got " + action);
        }
    }

    /** {@code action} on {@code resource}, without condition keys of its own. */
    public AccessRequest(String action, String resource) {
        this(action, resource, Map.of(), List.of());
    }

    /** {@code action} on {@code resource} with one condition key, when {@code value} is not null. */
    public static AccessRequest withKey(String action, String resource, String key, String value) {
        return value == null
                ? new AccessRequest(action, resource)
                : new AccessRequest(action, resource, Map.of(key, List.of(value)), List.of());
    }

    /** Every action of a service on any resource: what a route set that names no operations asks. */
    public static AccessRequest anyOf(String servicePrefix) {
        return new AccessRequest(servicePrefix + ":*", "*");
    }

    /** This request, with {@code other} to be allowed as well. */
    public AccessRequest and(AccessRequest other) {
        List<AccessRequest> more = new ArrayList<>(also);
        more.add(other);
        return new AccessRequest(action, resource, keys, more);
    }
}
