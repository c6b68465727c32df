package dev.signet.server.service.permission;

import java.util.Objects;
import java.util.Optional;

/** {@code AddProfilePermission}'s members, as decoded; the service validates them. */
public record AddPermissionRequest(
        String profileName,
        Optional<String> statementId,
        Optional<String> action,
        Optional<String> principal,
        Optional<String> profileVersion,
        Optional<String> revisionId) {
    public AddPermissionRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(profileVersion, "profileVersion");
        Objects.requireNonNull(revisionId, "revisionId");
    }
}
