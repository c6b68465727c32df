package dev.signet.server.service.iam;

import java.time.Instant;
import java.util.Objects;

/** An IAM group: a name unique in its account regardless of case, a path, a {@code AGPA...} id. */
public record IamGroup(String groupId, String accountId, String path, String groupName, String arn, Instant createdAt) {
    public IamGroup {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(groupName, "groupName");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
