package dev.signet.server.service.sts;

import dev.signet.server.service.Caller;
import dev.signet.server.service.access.AccessDeniedException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.access.Authorizer;
import dev.signet.server.service.access.RequestOrigin;
import java.util.Objects;
import java.util.Set;

/**
 * The request pipeline's authorizer, leaving to {@link StsService} the STS actions whose decision
 * is not the identity-based one the pipeline makes:
 *
 * <ul>
 *   <li>{@code sts:AssumeRole}: AWS decides it with the role's trust policy as the resource-based
 *       policy, so a trust policy naming a user grants it without any identity-based policy (and
 *       one naming only the account does not); {@link StsService} evaluates both together.
 *   <li>{@code sts:AssumeRoleWithWebIdentity}: the web identity token and the role's trust policy
 *       decide ({@link WebIdentityFederation}); the request's AWS credentials, if any, play no part.
 *   <li>{@code sts:GetSessionToken}: AWS requires no permission for it (it authenticates, as
 *       GetCallerIdentity identifies).
 * </ul>
 *
 * And it applies AWS's rule for GetSessionToken's sessions before the wrapped authorizer: they may
 * not call IAM (AWS allows it only with MFA, which Signet does not serve). Every other request goes
 * to the wrapped authorizer unchanged.
 */
public final class StsDecidedActions implements Authorizer {
    private static final Set<String> DECIDED_BY_STS =
            Set.of("sts:AssumeRole", "sts:GetSessionToken", "sts:AssumeRoleWithWebIdentity");

    private final Authorizer others;

    public StsDecidedActions(Authorizer others) {
        this.others = Objects.requireNonNull(others, "others");
    }

    @Override
    public void authorize(Caller caller, AccessRequest request, RequestOrigin origin) {
        if (caller.isTemporary()
                && caller.kind() != Caller.Kind.ROLE_SESSION
                && request.action().startsWith("iam:")) {
            throw new AccessDeniedException("User: " + caller.principalArn() + " is not authorized to perform: "
                    + request.action() + " on resource: " + request.resource()
                    + " with the temporary credentials of GetSessionToken, which may not call IAM without MFA");
        }
        if (!DECIDED_BY_STS.contains(request.action())) {
            others.authorize(caller, request, origin);
        }
    }
}
