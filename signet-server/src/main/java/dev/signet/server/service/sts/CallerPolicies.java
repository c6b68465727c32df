package dev.signet.server.service.sts;

import dev.signet.core.policy.PolicySet;
import dev.signet.server.service.Caller;
import dev.signet.server.service.access.IdentityPolicies;
import java.util.List;

/**
 * The identity-based side of the one decision STS makes itself, AssumeRole's: the caller's
 * identity-based policies and permissions boundary (a {@link PolicySet} without a resource policy),
 * which {@link StsService} evaluates together with the role's trust policy as AWS does.
 *
 * <p>{@link #of(IdentityPolicies)} gives the policies the request pipeline's authorizer evaluates:
 * a user's (and its groups'), a role session's role's; the administrator, evaluated as its account's
 * root, needs none.
 */
@FunctionalInterface
public interface CallerPolicies {

    /**
     * The caller's identity-based policies and boundary; the resource slot is empty.
     *
     * @throws IllegalStateException when a stored policy cannot be read (the caller is then refused)
     */
    PolicySet of(Caller caller);

    /** The policies {@code identities} holds for users and roles. */
    static CallerPolicies of(IdentityPolicies identities) {
        return caller -> switch (caller.kind()) {
            case ADMINISTRATOR -> PolicySet.identityOnly(List.of());
            case USER -> identities.user(caller.userId(), caller.principalArn()).policies();
            case ROLE_SESSION ->
                identities
                        .role(
                                caller.accountId(),
                                caller.roleSession().orElseThrow().roleName())
                        .map(role -> PolicySet.identityOnly(role.policies()))
                        .orElseGet(() -> PolicySet.identityOnly(List.of()));
        };
    }
}
