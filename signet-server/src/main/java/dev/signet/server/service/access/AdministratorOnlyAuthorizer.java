package dev.signet.server.service.access;

import dev.signet.server.service.Caller;
import java.util.Set;

/**
 * The interim rule, failing closed until IAM policies are evaluated: the account's administrator
 * may do everything; any other principal (an IAM user) may only ask who it is
 * ({@code sts:GetCallerIdentity}, which AWS allows every caller, whatever its policies).
 */
public final class AdministratorOnlyAuthorizer implements Authorizer {
    private static final Set<String> ALWAYS_ALLOWED = Set.of("sts:GetCallerIdentity");

    @Override
    public void authorize(Caller caller, AccessRequest request) {
        if (caller.isAdministrator() || ALWAYS_ALLOWED.contains(request.action())) {
            return;
        }
        throw AccessDeniedException.noPolicyAllows(caller, request);
    }
}
