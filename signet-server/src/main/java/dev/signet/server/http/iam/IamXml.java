package dev.signet.server.http.iam;

import dev.signet.server.http.query.QueryResponse;
import dev.signet.server.service.iam.IamAccessKeyService;
import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.IamUserService;
import dev.signet.server.service.principals.StoredAccessKey;
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
}
