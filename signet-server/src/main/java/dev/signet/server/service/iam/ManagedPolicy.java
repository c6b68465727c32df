package dev.signet.server.service.iam;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A customer managed policy: name unique in its account regardless of case, {@code ANPA...} id, its
 * default version's id ({@code v1}: versions beyond the first are not created yet) and how many
 * users, groups and roles it is attached to.
 */
public record ManagedPolicy(
        String policyId,
        String accountId,
        String path,
        String policyName,
        String arn,
        Optional<String> description,
        String defaultVersion,
        int attachmentCount,
        Map<String, String> tags,
        Instant createdAt) {
    public ManagedPolicy {
        Objects.requireNonNull(policyId, "policyId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultVersion, "defaultVersion");
        tags = Map.copyOf(tags);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
