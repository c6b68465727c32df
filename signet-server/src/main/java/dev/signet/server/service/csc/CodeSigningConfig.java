package dev.signet.server.service.csc;

import dev.signet.core.verify.CodeSigningPolicy;
import dev.signet.core.verify.UntrustedArtifactAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A code signing config: which signing profile versions may publish code for the functions that use
 * it, and what happens to an artifact that fails the check. Guarantees an id of {@code csc-} and 17
 * characters [a-z0-9], 1..20 publisher ARNs and a description of at most 256 characters.
 *
 * @param ownerAccount the account that created it
 * @param lastModified when it was created or last updated
 */
public record CodeSigningConfig(
        String id,
        String ownerAccount,
        Optional<String> description,
        List<String> allowedPublishers,
        UntrustedArtifactAction untrustedArtifactOnDeployment,
        Map<String, String> tags,
        Instant lastModified) {
    public CodeSigningConfig {
        Objects.requireNonNull(id, "id");
        if (!CscValidation.CSC_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a code signing config id: " + id);
        }
        Objects.requireNonNull(ownerAccount, "ownerAccount");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(untrustedArtifactOnDeployment, "untrustedArtifactOnDeployment");
        Objects.requireNonNull(lastModified, "lastModified");
        allowedPublishers = List.copyOf(allowedPublishers);
        if (allowedPublishers.isEmpty() || allowedPublishers.size() > CodeSigningPolicy.MAX_PUBLISHERS) {
            throw new IllegalArgumentException("a code signing config has 1 to 20 allowed publishers");
        }
        if (description.map(d -> d.length() > CscValidation.MAX_DESCRIPTION).orElse(false)) {
            throw new IllegalArgumentException("description longer than 256 characters");
        }
        tags = Map.copyOf(tags);
    }

    /** What this config asks a deploy gate to enforce. */
    public CodeSigningPolicy policy() {
        return new CodeSigningPolicy(allowedPublishers, untrustedArtifactOnDeployment);
    }

    /** This config with the given changes applied and {@code lastModified} set to {@code now}. */
    public CodeSigningConfig updated(UpdateCscRequest changes, Instant now) {
        return new CodeSigningConfig(
                id,
                ownerAccount,
                changes.description().isPresent() ? changes.description() : description,
                changes.allowedPublishers().orElse(allowedPublishers),
                changes.untrustedArtifactOnDeployment().orElse(untrustedArtifactOnDeployment),
                tags,
                now);
    }
}
