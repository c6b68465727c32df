package dev.signet.cli.client;

import java.util.Map;
import java.util.Objects;

/**
 * What SignPayload returned.
 *
 * @param jobId the signing job the server recorded
 * @param jobOwner the account that owns the job
 * @param signature the signature bytes (for the CMS platform: a DER detached CMS SignedData)
 * @param metadata the server's metadata about the signature
 */
public record SignedPayload(String jobId, String jobOwner, byte[] signature, Map<String, String> metadata) {
    public SignedPayload {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(jobOwner, "jobOwner");
        signature = signature.clone();
        metadata = Map.copyOf(metadata);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
