package dev.signet.server.service.job;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded {@code StartSigningJob} request. Absent members stay empty here so the service can name
 * the missing one in its ValidationException.
 */
public record StartJobRequest(
        String profileName,
        Optional<String> profileOwner,
        Optional<String> sourceBucket,
        Optional<String> sourceKey,
        Optional<String> sourceVersion,
        Optional<String> destinationBucket,
        Optional<String> destinationPrefix,
        Optional<String> clientRequestToken) {
    public StartJobRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileOwner, "profileOwner");
        Objects.requireNonNull(sourceBucket, "sourceBucket");
        Objects.requireNonNull(sourceKey, "sourceKey");
        Objects.requireNonNull(sourceVersion, "sourceVersion");
        Objects.requireNonNull(destinationBucket, "destinationBucket");
        Objects.requireNonNull(destinationPrefix, "destinationPrefix");
        Objects.requireNonNull(clientRequestToken, "clientRequestToken");
    }
}
