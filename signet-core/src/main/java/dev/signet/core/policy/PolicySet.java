package dev.signet.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The policies that apply to one request: the caller's identity-based policies (its own and its
 * groups', inline and managed), the resource's resource-based policy (a role's trust policy for
 * AssumeRole), and the caller's permissions boundary. Identity-based and boundary policies must be
 * of kind IDENTITY, the resource policy RESOURCE or TRUST.
 */
public record PolicySet(
        List<AttachedPolicy> identity, Optional<AttachedPolicy> resource, Optional<AttachedPolicy> boundary) {
    public PolicySet {
        identity = List.copyOf(identity);
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(boundary, "boundary");
        for (AttachedPolicy policy : identity) {
            require(policy, PolicyKind.IDENTITY, "identity-based");
        }
        boundary.ifPresent(policy -> require(policy, PolicyKind.IDENTITY, "permissions boundary"));
        resource.ifPresent(policy -> {
            if (policy.policy().kind() == PolicyKind.IDENTITY) {
                throw new IllegalArgumentException(
                        "resource-based policy " + policy.name() + " was parsed as an identity-based policy");
            }
        });
    }

    public static PolicySet identityOnly(List<AttachedPolicy> identity) {
        return new PolicySet(identity, Optional.empty(), Optional.empty());
    }

    private static void require(AttachedPolicy policy, PolicyKind kind, String role) {
        if (policy.policy().kind() != kind) {
            throw new IllegalArgumentException(role + " policy " + policy.name() + " was parsed as "
                    + policy.policy().kind());
        }
    }
}
