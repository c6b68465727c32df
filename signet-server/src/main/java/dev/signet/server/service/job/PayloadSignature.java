package dev.signet.server.service.job;

import java.util.Map;
import java.util.Objects;

/** What SignPayload returns: the recorded job, the signature bytes and metadata about it. */
public record PayloadSignature(SigningJob job, byte[] signature, Map<String, String> metadata) {
    public PayloadSignature {
        Objects.requireNonNull(job, "job");
        signature = signature.clone();
        metadata = Map.copyOf(metadata);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
