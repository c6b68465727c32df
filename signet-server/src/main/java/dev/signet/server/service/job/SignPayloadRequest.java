package dev.signet.server.service.job;

import java.util.Objects;
import java.util.Optional;

/** A decoded {@code SignPayload} request; {@code payload} is the decoded blob. */
public record SignPayloadRequest(
        String profileName, Optional<String> profileOwner, Optional<byte[]> payload, Optional<String> payloadFormat) {
    public SignPayloadRequest {
        Objects.requireNonNull(profileName, "profileName");
        Objects.requireNonNull(profileOwner, "profileOwner");
        payload = payload.map(byte[]::clone);
        Objects.requireNonNull(payloadFormat, "payloadFormat");
    }
}
