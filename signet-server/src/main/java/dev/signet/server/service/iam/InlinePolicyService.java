package dev.signet.server.service.iam;

import dev.signet.core.policy.PolicyKind;
import dev.signet.server.service.Caller;
import java.util.List;
import java.util.Objects;

/**
 * Inline policies of users (PutUserPolicy, GetUserPolicy, DeleteUserPolicy, ListUserPolicies),
 * roles (the same four) and groups (PutGroupPolicy). A document is stored as given once it passes the model's constraints,
 * the {@link PolicyDocumentCheck} and IAM's size quota: the non-whitespace characters of all of
 * an owner's inline policies together at most 2,048 for a user, 5,120 for a group and 10,240 for a role
 * (LimitExceeded otherwise).
 */
public final class InlinePolicyService {
    static final int USER_QUOTA = 2048;
    static final int GROUP_QUOTA = 5120;
    static final int ROLE_QUOTA = 10240;

    private final InlinePolicyRepository policies;
    private final IamUserService users;
    private final IamGroupService groups;
    private final IamRoleService roles;
    private final PolicyDocumentCheck check;

    public InlinePolicyService(
            InlinePolicyRepository policies,
            IamUserService users,
            IamGroupService groups,
            IamRoleService roles,
            PolicyDocumentCheck check) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.users = Objects.requireNonNull(users, "users");
        this.groups = Objects.requireNonNull(groups, "groups");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.check = Objects.requireNonNull(check, "check");
    }

    public void putRolePolicy(Caller caller, String roleName, String policyName, String document) {
        IamValidation.policyName("policyName", policyName);
        IamValidation.policyDocument("policyDocument", document);
        IamRole role = roles.get(caller, roleName);
        put(role.roleId(), policyName, document, ROLE_QUOTA, "role " + role.roleName());
    }

    /** The role's policy: its stored name and document. */
    public InlinePolicyRepository.InlinePolicy getRolePolicy(Caller caller, String roleName, String policyName) {
        IamValidation.policyName("policyName", policyName);
        IamRole role = roles.get(caller, roleName);
        return policies.find(role.roleId(), policyName).orElseThrow(() -> IamErrors.noSuchPolicy("role", policyName));
    }

    public void deleteRolePolicy(Caller caller, String roleName, String policyName) {
        IamValidation.policyName("policyName", policyName);
        IamRole role = roles.get(caller, roleName);
        if (!policies.delete(role.roleId(), policyName)) {
            throw IamErrors.noSuchPolicy("role", policyName);
        }
    }

    public List<String> listRolePolicies(
            Caller caller, String roleName, java.util.Optional<String> marker, java.util.Optional<Integer> max) {
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        IamValidation.maxItems(max);
        return policies.names(roles.get(caller, roleName).roleId());
    }

    public void putUserPolicy(Caller caller, String userName, String policyName, String document) {
        IamValidation.policyName("policyName", policyName);
        IamValidation.policyDocument("policyDocument", document);
        IamUser user = users.find(caller, userName);
        put(user.userId(), policyName, document, USER_QUOTA, "user " + user.userName());
    }

    public void putGroupPolicy(Caller caller, String groupName, String policyName, String document) {
        IamValidation.policyName("policyName", policyName);
        IamValidation.policyDocument("policyDocument", document);
        IamGroup group = groups.find(caller, groupName);
        put(group.groupId(), policyName, document, GROUP_QUOTA, "group " + group.groupName());
    }

    /** The user's policy: its stored name and document. */
    public InlinePolicyRepository.InlinePolicy getUserPolicy(Caller caller, String userName, String policyName) {
        IamValidation.policyName("policyName", policyName);
        IamUser user = users.find(caller, userName);
        return policies.find(user.userId(), policyName).orElseThrow(() -> IamErrors.noSuchPolicy("user", policyName));
    }

    public void deleteUserPolicy(Caller caller, String userName, String policyName) {
        IamValidation.policyName("policyName", policyName);
        IamUser user = users.find(caller, userName);
        if (!policies.delete(user.userId(), policyName)) {
            throw IamErrors.noSuchPolicy("user", policyName);
        }
    }

    public List<String> listUserPolicies(
            Caller caller, String userName, java.util.Optional<String> marker, java.util.Optional<Integer> max) {
        marker.ifPresent(m -> IamValidation.marker("marker", m));
        IamValidation.maxItems(max);
        return policies.names(users.find(caller, userName).userId());
    }

    private void put(String ownerId, String policyName, String document, int quota, String owner) {
        check.check(document, PolicyKind.IDENTITY);
        long size = nonWhitespace(document);
        for (String other : policies.names(ownerId)) {
            if (!other.equalsIgnoreCase(policyName)) {
                size += policies.find(ownerId, other)
                        .map(p -> nonWhitespace(p.document()))
                        .orElse(0L);
            }
        }
        if (size > quota) {
            throw IamErrors.limitExceeded("Maximum policy size of " + quota + " bytes exceeded for " + owner);
        }
        policies.put(ownerId, policyName, document);
    }

    private static long nonWhitespace(String document) {
        return document.chars().filter(c -> !Character.isWhitespace(c)).count();
    }
}
