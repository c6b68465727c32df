package dev.signet.server.service.iam;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An IAM role: a name unique in its account regardless of case, a path, a {@code AROA...} id, the
 * trust policy (who may assume it) as given, and its tags.
 */
public record IamRole(
        String roleId,
        String accountId,
        String path,
        String roleName,
        String arn,
        Instant createdAt,
        String assumeRolePolicy,
        Optional<String> description,
        int maxSessionDuration,
        Map<String, String> tags) {
    public IamRole {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(assumeRolePolicy, "assumeRolePolicy");
        Objects.requireNonNull(description, "description");
        tags = Map.copyOf(tags);
    }
}
