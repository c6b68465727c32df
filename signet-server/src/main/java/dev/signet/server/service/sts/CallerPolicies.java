package dev.signet.server.service.sts;

import dev.signet.core.policy.PolicySet;
import dev.signet.server.service.Caller;
import java.util.List;

/**
 * The identity-based side of the one decision STS makes itself, AssumeRole's: the caller's
 * identity-based policies and permissions boundary (a {@link PolicySet} without a resource policy),
 * which {@link StsService} evaluates together with the role's trust policy as AWS does.
 *
 * <p>{@link #NONE} is the interim rule that matches {@code AdministratorOnlyAuthorizer}: nobody
 * but the administrator (evaluated as its account's root, which needs no identity-based policy)
 * holds a permission, so a user or role session may assume a role only when its trust policy names
 * that user or session's role itself. The policy-evaluating authorizer supplies the real policies.
 */
@FunctionalInterface
public interface CallerPolicies {

    /** Nobody holds an identity-based permission (fails closed). */
    CallerPolicies NONE = caller -> PolicySet.identityOnly(List.of());

    /** The caller's identity-based policies and boundary; the resource slot is empty. */
    PolicySet of(Caller caller);
}
