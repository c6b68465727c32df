package dev.signet.server.service.csc;

import dev.signet.core.verify.UntrustedArtifactAction;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An UpdateCodeSigningConfig request: each present member replaces the stored one, absent members
 * stay as they are. Checked against the model on construction (InvalidParameterValueException).
 */
public record UpdateCscRequest(
        Optional<String> description,
        Optional<List<String>> allowedPublishers,
        Optional<UntrustedArtifactAction> untrustedArtifactOnDeployment) {
    public UpdateCscRequest {
        description = CscValidation.description(Objects.requireNonNull(description, "description"));
        allowedPublishers = allowedPublishers.map(CscValidation::publishers);
        Objects.requireNonNull(untrustedArtifactOnDeployment, "untrustedArtifactOnDeployment");
    }
}
