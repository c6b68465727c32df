package dev.signet.server.service.permission;

import java.util.Objects;
import java.util.Optional;

/**
 * One statement of a signing profile's resource policy: {@code principal} may perform {@code
 * action} on the profile, or only on {@code profileVersion} when given. Names are the model's
 * {@code Permission} members.
 */
public record ProfilePermission(String statementId, String action, String principal, Optional<String> profileVersion) {
    public ProfilePermission {
        Objects.requireNonNull(statementId, "statementId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(profileVersion, "profileVersion");
    }
}
