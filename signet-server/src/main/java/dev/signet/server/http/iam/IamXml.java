package dev.signet.server.http.iam;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.iam.IamAccessKeyService;
import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamGroupService;
import dev.signet.server.service.iam.IamRole;
import dev.signet.server.service.iam.IamRoleService;
import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.IamUserService;
import dev.signet.server.service.iam.InlinePolicyRepository;
import dev.signet.server.service.principals.StoredAccessKey;
import java.util.List;
import java.util.Map;

/** IAM's result elements (the model's {@code User}, {@code AccessKey}, ... structures) in Query XML. */
final class IamXml {
    private IamXml() {}

    static void user(QueryResponse out, IamUserService.UserDetails details, boolean withTags) {
        out.open("User");
        userMembers(out, details.user());
        if (withTags && !details.tags().isEmpty()) {
            out.open("Tags");
            for (Map.Entry<String, String> tag : details.tags().entrySet()) {
                out.open("member")
                        .element("Key", tag.getKey())
                        .element("Value", tag.getValue())
                        .close("member");
            }
            out.close("Tags");
        }
        out.close("User");
    }

    private static void userMembers(QueryResponse out, IamUser user) {
        out.element("Path", user.path())
                .element("UserName", user.userName())
                .element("UserId", user.userId())
                .element("Arn", user.arn())
                .element("CreateDate", QueryResponse.date(user.createdAt()));
    }

    static void users(QueryResponse out, IamUserService.UserPage page) {
        out.open("Users");
        for (IamUser user : page.users()) {
            out.open("member");
            userMembers(out, user);
            out.close("member");
        }
        out.close("Users");
        out.element("IsTruncated", String.valueOf(page.marker().isPresent()));
        page.marker().ifPresent(m -> out.element("Marker", m));
    }

    static void createdKey(QueryResponse out, IamAccessKeyService.CreatedKey created) {
        out.open("AccessKey")
                .element("UserName", created.userName())
                .element("AccessKeyId", created.key().accessKeyId())
                .element("Status", "Active")
                .element("SecretAccessKey", created.key().secretAccessKey())
                .element("CreateDate", QueryResponse.date(created.createdAt()))
                .close("AccessKey");
    }

    static void keys(QueryResponse out, IamAccessKeyService.KeyList list) {
        out.open("AccessKeyMetadata");
        for (StoredAccessKey key : list.keys()) {
            out.open("member")
                    .element("UserName", list.userName())
                    .element("AccessKeyId", key.accessKeyId())
                    .element("Status", key.status() == StoredAccessKey.Status.ACTIVE ? "Active" : "Inactive")
                    .element("CreateDate", QueryResponse.date(key.createdAt()))
                    .close("member");
        }
        out.close("AccessKeyMetadata");
        out.element("IsTruncated", "false");
    }

    static void lastUsed(QueryResponse out, IamAccessKeyService.LastUsed lastUsed) {
        out.element("UserName", lastUsed.userName());
        out.open("AccessKeyLastUsed");
        lastUsed.use()
                .ifPresentOrElse(
                        use -> out.element("LastUsedDate", QueryResponse.date(use.at()))
                                .element("ServiceName", use.service())
                                .element("Region", use.region()),
                        () -> out.element("ServiceName", "N/A").element("Region", "N/A"));
        out.close("AccessKeyLastUsed");
    }

    static void group(QueryResponse out, IamGroup group) {
        out.open("Group");
        groupMembers(out, group);
        out.close("Group");
    }

    private static void groupMembers(QueryResponse out, IamGroup group) {
        out.element("Path", group.path())
                .element("GroupName", group.groupName())
                .element("GroupId", group.groupId())
                .element("Arn", group.arn())
                .element("CreateDate", QueryResponse.date(group.createdAt()));
    }

    static void groupDetails(QueryResponse out, IamGroupService.GroupDetails details) {
        group(out, details.group());
        out.open("Users");
        for (IamUser user : details.members()) {
            out.open("member");
            userMembers(out, user);
            out.close("member");
        }
        out.close("Users");
        out.element("IsTruncated", "false");
    }

    static void groups(QueryResponse out, List<IamGroup> groups) {
        out.open("Groups");
        for (IamGroup group : groups) {
            out.open("member");
            groupMembers(out, group);
            out.close("member");
        }
        out.close("Groups");
        out.element("IsTruncated", "false");
    }

    /** IAM returns a policy document URL-encoded (RFC 3986), as clients expect to decode it. */
    static void userPolicy(QueryResponse out, String userName, InlinePolicyRepository.InlinePolicy policy) {
        out.element("UserName", userName)
                .element("PolicyName", policy.name())
                .element("PolicyDocument", SigV4.uriEncode(policy.document(), false));
    }

    static void policyNames(QueryResponse out, List<String> names) {
        out.open("PolicyNames");
        names.forEach(name -> out.element("member", name));
        out.close("PolicyNames");
        out.element("IsTruncated", "false");
    }

    /** A role as CreateRole and GetRole return it, the trust policy URL-encoded as IAM returns documents. */
    static void role(QueryResponse out, IamRole role) {
        out.open("Role");
        roleMembers(out, role);
        if (!role.tags().isEmpty()) {
            out.open("Tags");
            role.tags()
                    .forEach((k, v) -> out.open("member")
                            .element("Key", k)
                            .element("Value", v)
                            .close("member"));
            out.close("Tags");
        }
        out.close("Role");
    }

    private static void roleMembers(QueryResponse out, IamRole role) {
        out.element("Path", role.path())
                .element("RoleName", role.roleName())
                .element("RoleId", role.roleId())
                .element("Arn", role.arn())
                .element("CreateDate", QueryResponse.date(role.createdAt()))
                .element("AssumeRolePolicyDocument", SigV4.uriEncode(role.assumeRolePolicy(), false));
        role.description().ifPresent(d -> out.element("Description", d));
        out.element("MaxSessionDuration", String.valueOf(role.maxSessionDuration()));
    }

    static void roles(QueryResponse out, IamRoleService.RolePage page) {
        out.open("Roles");
        for (IamRole role : page.roles()) {
            out.open("member");
            roleMembers(out, role);
            out.close("member");
        }
        out.close("Roles");
        out.element("IsTruncated", String.valueOf(page.marker().isPresent()));
        page.marker().ifPresent(m -> out.element("Marker", m));
    }

    static void rolePolicy(QueryResponse out, String roleName, InlinePolicyRepository.InlinePolicy policy) {
        out.element("RoleName", roleName)
                .element("PolicyName", policy.name())
                .element("PolicyDocument", SigV4.uriEncode(policy.document(), false));
    }
}
