package dev.signet.server.service.job;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a SignPayload request with a client token leaves beside its job, so that a retry of that
 * request gets the same answer: which payload was signed and the signature returned.
 *
 * @param payloadSha256 lower-case hex SHA-256 of the payload format (UTF-8), a 0x00 byte and the
 *     payload
 * @param signature the signature as returned to the caller
 */
public record PayloadReceipt(String payloadSha256, byte[] signature) {
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public PayloadReceipt {
        Objects.requireNonNull(payloadSha256, "payloadSha256");
        if (!HEX_SHA256.matcher(payloadSha256).matches()) {
            throw new IllegalArgumentException("payloadSha256 is 64 lower-case hex digits");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether this receipt is for the same payload (compared by hash). */
    public boolean samePayload(String otherSha256) {
        return payloadSha256.equals(otherSha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PayloadReceipt r
                && r.payloadSha256.equals(payloadSha256)
                && java.util.Arrays.equals(r.signature, signature);
    }

    @Override
    public int hashCode() {
        return payloadSha256.hashCode();
    }

    @Override
    public String toString() {
        return "PayloadReceipt[" + payloadSha256 + ", " + signature.length + " bytes]";
    }
}
