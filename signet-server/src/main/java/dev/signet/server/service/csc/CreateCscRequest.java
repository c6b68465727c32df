package dev.signet.server.service.csc;

import dev.signet.core.verify.UntrustedArtifactAction;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CreateCodeSigningConfig request, checked against the model on construction
 * (InvalidParameterValueException). An absent policy means {@link UntrustedArtifactAction#WARN}.
 */
public record CreateCscRequest(
        Optional<String> description,
        List<String> allowedPublishers,
        Optional<UntrustedArtifactAction> untrustedArtifactOnDeployment,
        Map<String, String> tags) {
    public CreateCscRequest {
        description = CscValidation.description(Objects.requireNonNull(description, "description"));
        allowedPublishers = CscValidation.publishers(allowedPublishers);
        Objects.requireNonNull(untrustedArtifactOnDeployment, "untrustedArtifactOnDeployment");
        tags = Map.copyOf(tags);
    }
}
