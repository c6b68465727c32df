package dev.signet.server.service.sts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What AssumeRole asks for, as received (validated by {@link StsService}).
 *
 * @param tags session tags in request order
 */
public record AssumeRoleRequest(
        String roleArn,
        String roleSessionName,
        Optional<Integer> durationSeconds,
        Optional<String> externalId,
        Map<String, String> tags,
        Optional<String> sourceIdentity) {
    public AssumeRoleRequest {
        Objects.requireNonNull(roleArn, "roleArn");
        Objects.requireNonNull(roleSessionName, "roleSessionName");
        Objects.requireNonNull(durationSeconds, "durationSeconds");
        Objects.requireNonNull(externalId, "externalId");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        Objects.requireNonNull(sourceIdentity, "sourceIdentity");
    }
}
