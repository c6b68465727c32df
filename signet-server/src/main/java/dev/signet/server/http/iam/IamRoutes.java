package dev.signet.server.http.iam;

import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.ErrorProtocol;
import dev.signet.server.http.RequestLog;
import dev.signet.server.http.query.QueryParameters;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.access.AccessRequest;
import dev.signet.server.service.access.simulation.PolicySimulator;
import dev.signet.server.service.iam.IamAccessKeyService;
import dev.signet.server.service.iam.IamGroupService;
import dev.signet.server.service.iam.IamRoleService;
import dev.signet.server.service.iam.IamUserService;
import dev.signet.server.service.iam.InlinePolicyService;
import dev.signet.server.service.iam.ManagedPolicyService;
import dev.signet.server.service.oidc.OidcProviderService;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * IAM ({@code 2010-05-08}, the Query protocol) at the shared endpoint, for requests signed for the
 * service {@code iam}: users, access keys, groups, roles, inline and managed policies, OpenID Connect
 * providers ({@link OidcProviderActions}), policy simulation ({@link SimulationActions}). Handlers are thin: read the members,
 * call one service method, write IAM's XML ({@link IamXml}). An action Signet does not serve is
 * InvalidAction (400); errors are written by the dispatcher in IAM's {@code <ErrorResponse>} shape.
 */
public final class IamRoutes implements AwsProtocolService {
    static final String VERSION = "2010-05-08";
    private static final String NAMESPACE = ErrorProtocol.IAM_XML.namespace();
    private static final Set<String> ACTIONS = Set.of(
            "CreateUser",
            "GetUser",
            "ListUsers",
            "DeleteUser",
            "TagUser",
            "CreateAccessKey",
            "ListAccessKeys",
            "UpdateAccessKey",
            "DeleteAccessKey",
            "GetAccessKeyLastUsed",
            "CreateGroup",
            "GetGroup",
            "DeleteGroup",
            "AddUserToGroup",
            "RemoveUserFromGroup",
            "ListGroupsForUser",
            "PutUserPolicy",
            "GetUserPolicy",
            "DeleteUserPolicy",
            "ListUserPolicies",
            "PutGroupPolicy",
            "CreateRole",
            "GetRole",
            "ListRoles",
            "DeleteRole",
            "UpdateAssumeRolePolicy",
            "PutRolePolicy",
            "GetRolePolicy",
            "DeleteRolePolicy",
            "ListRolePolicies");

    private final IamUserService users;
    private final IamAccessKeyService keys;
    private final IamGroupService groups;
    private final InlinePolicyService policies;
    private final IamRoleService roles;
    private final ManagedPolicyActions managed;
    private final OidcProviderActions oidcProviders;
    private final SimulationActions simulation;
    private final Runnable changed;

    /**
     * @param changed told after every IAM action that may change what a principal is allowed
     *     (anything but Get* and List*), whether it succeeded or not: the authorizer's cached
     *     policies are dropped
     */
    public IamRoutes(
            IamUserService users,
            IamAccessKeyService keys,
            IamGroupService groups,
            InlinePolicyService policies,
            IamRoleService roles,
            ManagedPolicyService managed,
            OidcProviderService oidcProviders,
            PolicySimulator simulator,
            Runnable changed) {
        this.oidcProviders = new OidcProviderActions(oidcProviders);
        this.changed = Objects.requireNonNull(changed, "changed");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.managed = new ManagedPolicyActions(managed);
        this.simulation = new SimulationActions(simulator);
        this.users = Objects.requireNonNull(users, "users");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    @Override
    public String signingName() {
        return "iam";
    }

    /**
     * {@code iam:ACTION} on the named role, group or user (by name, without its path), else on the
     * named managed policy (CreatePolicy: the policy it creates), else on the caller. Attach and
     * Detach carry {@code iam:PolicyARN}.
     */
    @Override
    public AccessRequest accessRequest(Context ctx, Caller caller) {
        QueryParameters params = QueryParameters.of(ctx);
        String action = action(params);
        RequestLog.operation(ctx, action);
        if (SimulationActions.ACTIONS.contains(action)) {
            return SimulationActions.accessRequest(action, params, caller);
        }
        String iam = "arn:aws:iam::" + caller.accountId() + ":";
        String resource = OidcProviderActions.resource(action, params, caller)
                .or(() -> params.optional("RoleName").map(name -> iam + "role/" + name))
                .or(() -> params.optional("GroupName").map(name -> iam + "group/" + name))
                .or(() -> params.optional("UserName").map(name -> iam + "user/" + name))
                .or(() -> params.optional("PolicyArn"))
                .or(() -> action.equals("CreatePolicy")
                        ? params.optional("PolicyName")
                                .map(name ->
                                        iam + "policy" + params.optional("Path").orElse("/") + name)
                        : Optional.empty())
                .orElse(caller.principalArn());
        Optional<String> policyArn = params.optional("PolicyArn");
        return policyArn.isPresent() && (action.startsWith("Attach") || action.startsWith("Detach"))
                ? AccessRequest.withKey("iam:" + action, resource, "iam:PolicyARN", policyArn.get())
                : new AccessRequest("iam:" + action, resource);
    }

    @Override
    public void handle(Context ctx, Caller caller) {
        QueryParameters p = QueryParameters.of(ctx);
        String action = action(p);
        try {
            perform(action, p, ctx, caller);
        } finally {
            if (!action.startsWith("Get") && !action.startsWith("List") && !action.startsWith("Simulate")) {
                changed.run();
            }
        }
    }

    private void perform(String action, QueryParameters p, Context ctx, Caller caller) {
        QueryResponse out = new QueryResponse(action, NAMESPACE);
        Optional<String> userName = p.optional("UserName");
        switch (action) {
            case "CreateUser" ->
                IamXml.user(out, users.create(caller, p.optional("Path"), p.required("UserName"), p.tags()), true);
            case "GetUser" -> IamXml.user(out, users.get(caller, userName), true);
            case "ListUsers" ->
                IamXml.users(
                        out, users.list(caller, p.optional("PathPrefix"), p.optional("Marker"), p.integer("MaxItems")));
            case "DeleteUser" -> users.delete(caller, p.required("UserName"));
            case "TagUser" -> users.tag(caller, p.required("UserName"), p.tags());
            case "CreateAccessKey" -> IamXml.createdKey(out, keys.create(caller, userName));
            case "ListAccessKeys" ->
                IamXml.keys(out, keys.list(caller, userName, p.optional("Marker"), p.integer("MaxItems")));
            case "UpdateAccessKey" -> keys.update(caller, userName, p.required("AccessKeyId"), p.required("Status"));
            case "DeleteAccessKey" -> keys.delete(caller, userName, p.required("AccessKeyId"));
            case "GetAccessKeyLastUsed" -> IamXml.lastUsed(out, keys.lastUsed(caller, p.required("AccessKeyId")));
            case "CreateGroup" -> IamXml.group(out, groups.create(caller, p.optional("Path"), p.required("GroupName")));
            case "GetGroup" ->
                IamXml.groupDetails(
                        out, groups.get(caller, p.required("GroupName"), p.optional("Marker"), p.integer("MaxItems")));
            case "DeleteGroup" -> groups.delete(caller, p.required("GroupName"));
            case "AddUserToGroup" -> groups.addUser(caller, p.required("GroupName"), p.required("UserName"));
            case "RemoveUserFromGroup" -> groups.removeUser(caller, p.required("GroupName"), p.required("UserName"));
            case "ListGroupsForUser" ->
                IamXml.groups(
                        out,
                        groups.groupsForUser(
                                caller, p.required("UserName"), p.optional("Marker"), p.integer("MaxItems")));
            case "PutUserPolicy" ->
                policies.putUserPolicy(
                        caller, p.required("UserName"), p.required("PolicyName"), p.required("PolicyDocument"));
            case "GetUserPolicy" -> {
                String user = p.required("UserName");
                IamXml.userPolicy(
                        out,
                        users.get(caller, Optional.of(user)).user().userName(),
                        policies.getUserPolicy(caller, user, p.required("PolicyName")));
            }
            case "DeleteUserPolicy" ->
                policies.deleteUserPolicy(caller, p.required("UserName"), p.required("PolicyName"));
            case "ListUserPolicies" ->
                IamXml.policyNames(
                        out,
                        policies.listUserPolicies(
                                caller, p.required("UserName"), p.optional("Marker"), p.integer("MaxItems")));
            case "PutGroupPolicy" ->
                policies.putGroupPolicy(
                        caller, p.required("GroupName"), p.required("PolicyName"), p.required("PolicyDocument"));
            case "CreateRole" ->
                IamXml.role(
                        out,
                        roles.create(
                                caller,
                                new IamRoleService.NewRole(
                                        p.optional("Path"),
                                        p.required("RoleName"),
                                        p.required("AssumeRolePolicyDocument"),
                                        p.optional("Description"),
                                        p.integer("MaxSessionDuration"),
                                        p.tags())));
            case "GetRole" -> IamXml.role(out, roles.get(caller, p.required("RoleName")));
            case "ListRoles" ->
                IamXml.roles(
                        out, roles.list(caller, p.optional("PathPrefix"), p.optional("Marker"), p.integer("MaxItems")));
            case "DeleteRole" -> roles.delete(caller, p.required("RoleName"));
            case "UpdateAssumeRolePolicy" ->
                roles.updateAssumeRolePolicy(caller, p.required("RoleName"), p.required("PolicyDocument"));
            case "PutRolePolicy" ->
                policies.putRolePolicy(
                        caller, p.required("RoleName"), p.required("PolicyName"), p.required("PolicyDocument"));
            case "GetRolePolicy" -> {
                String role = p.required("RoleName");
                IamXml.rolePolicy(
                        out,
                        roles.get(caller, role).roleName(),
                        policies.getRolePolicy(caller, role, p.required("PolicyName")));
            }
            case "DeleteRolePolicy" ->
                policies.deleteRolePolicy(caller, p.required("RoleName"), p.required("PolicyName"));
            case "ListRolePolicies" ->
                IamXml.policyNames(
                        out,
                        policies.listRolePolicies(
                                caller, p.required("RoleName"), p.optional("Marker"), p.integer("MaxItems")));
            case SimulationActions.PRINCIPAL, SimulationActions.CUSTOM -> simulation.handle(action, p, caller, out);
            default -> {
                if (OidcProviderActions.ACTIONS.contains(action)) {
                    oidcProviders.handle(action, p, caller, out);
                } else {
                    managed.handle(action, p, caller, out);
                }
            }
        }
        out.send(ctx);
    }

    /** The request's Action, checked to be one served here and of IAM's version. */
    private static String action(QueryParameters params) {
        String action = params.optional("Action")
                .orElseThrow(() ->
                        new ServiceException("MissingAction", 400, "The request must contain the parameter Action."));
        String version = params.optional("Version").orElse(VERSION);
        boolean served = ACTIONS.contains(action)
                || ManagedPolicyActions.ACTIONS.contains(action)
                || OidcProviderActions.ACTIONS.contains(action)
                || SimulationActions.ACTIONS.contains(action);
        if (!served || !version.equals(VERSION)) {
            throw new ServiceException(
                    "InvalidAction",
                    400,
                    "Could not find operation " + printable(action) + " for version " + printable(version));
        }
        return action;
    }

    private static String printable(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s.replaceAll("\\p{Cntrl}", "?");
    }
}
