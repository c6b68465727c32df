package dev.signet.core.verify;

import java.util.List;
import java.util.Objects;

/**
 * A code signing config's policy: who may publish, and what an untrusted artifact does.
 *
 * @param allowedPublishers signing profile version ARNs, or signing profile ARNs meaning any of that
 *     profile's versions; 1 to 20 of them, as Lambda allows
 * @param action Warn or Enforce
 */
public record CodeSigningPolicy(List<String> allowedPublishers, UntrustedArtifactAction action) {
    public CodeSigningPolicy {
        allowedPublishers = List.copyOf(allowedPublishers);
        Objects.requireNonNull(action, "action");
        if (allowedPublishers.isEmpty() || allowedPublishers.size() > 20) {
            throw new IllegalArgumentException("a code signing policy allows 1 to 20 publishers");
        }
    }

    /**
     * Reads a policy file in Lambda's own JSON shapes (docs/formats.md, "Code signing policy
     * file"): {@code {"AllowedPublishers":{"SigningProfileVersionArns":[...]},
     * "CodeSigningPolicies":{"UntrustedArtifactOnDeployment":"Enforce"}}} as CreateCodeSigningConfig
     * takes it, or GetCodeSigningConfig's output {@code {"CodeSigningConfig":{...}}}. A missing
     * action is Warn, Lambda's default.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CodeSigningPolicy parseJson(byte[] json) {
        throw new UnsupportedOperationException("TODO engine");
    }
}
