package dev.signet.core.revocation;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One revoked signature ({@code RevokeSignature}), named by its {@code SignatureEvidence#signatureId()}.
 *
 * @param signatureId lower-case hex SHA-256 of the signature value
 * @param jobArn the signing job whose signature it is
 * @param revokedAt when it was revoked; a signature is revoked whatever its signing time
 */
public record RevokedSignature(String signatureId, String jobArn, Instant revokedAt) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    public RevokedSignature {
        Objects.requireNonNull(signatureId, "signatureId");
        Objects.requireNonNull(jobArn, "jobArn");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (!ID.matcher(signatureId).matches()) {
            throw new IllegalArgumentException("a signature id is 64 lower-case hex digits");
        }
    }
}
