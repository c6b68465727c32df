package dev.signet.server.service.access;

import dev.signet.core.policy.AttachedPolicy;
import java.util.Optional;

/**
 * The resource-based policy of a resource, looked up by the ARN a request names: a signing
 * profile's (its AddProfilePermission statements) for the profile's ARN and for its jobs' ARNs.
 * Implementations answer from memory in steady state.
 */
@FunctionalInterface
public interface ResourcePolicies {

    /** The policy of the resource {@code resourceArn}, empty when it has none (or is {@code *}). */
    Optional<AttachedPolicy> of(String resourceArn);

    /** No resource has a policy. */
    static ResourcePolicies none() {
        return arn -> Optional.empty();
    }
}
