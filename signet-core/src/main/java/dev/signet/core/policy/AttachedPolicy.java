package dev.signet.core.policy;

import java.util.Objects;

/**
 * A policy as it takes part in an evaluation, with the name a decision reports it by (a managed
 * policy's ARN, an inline policy's name, "resource policy").
 */
public record AttachedPolicy(String name, Policy policy) {
    public AttachedPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
    }
}
