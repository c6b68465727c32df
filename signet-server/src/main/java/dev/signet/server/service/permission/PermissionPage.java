package dev.signet.server.service.permission;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of {@code ListProfilePermissions}: statements, the policy's revision (absent when the
 * profile never had a policy) and the size in bytes of the whole policy document.
 */
public record PermissionPage(
        List<ProfilePermission> permissions,
        Optional<String> revisionId,
        int policySizeBytes,
        Optional<String> nextToken) {
    public PermissionPage {
        permissions = List.copyOf(permissions);
        Objects.requireNonNull(revisionId, "revisionId");
        Objects.requireNonNull(nextToken, "nextToken");
    }
}
