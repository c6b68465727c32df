package dev.signet.server.service.job;

import java.util.Objects;
import java.util.Optional;

/**
 * A decoded {@code SignPayload} request; {@code payload} is the decoded blob.
 *
 * @param clientRequestToken Signet's extension: makes the request idempotent for its caller (a retry
 *     returns the first request's job and signature)
 */
public record SignPayloadRequest(
        String profileName,
        Optional<String> profileOwner,
        Optional<byte[]> payload,
        Optional<String> payloadFormat,
        Optional<String> clientRequestToken) {
    public SignPayloadRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileOwner, "profileOwner");
        payload = payload.map(byte[]::clone);
        Objects.requireNonNull(payloadFormat, "payloadFormat");
        Objects.requireNonNull(clientRequestToken, "clientRequestToken");
    }

    /** A request without a client token, as AWS's SignPayload has none. */
    public SignPayloadRequest(
            String profileName,
            Optional<String> profileOwner,
            Optional<byte[]> payload,
            Optional<String> payloadFormat) {
        this(profileName, profileOwner, payload, payloadFormat, Optional.empty());
    }
}
