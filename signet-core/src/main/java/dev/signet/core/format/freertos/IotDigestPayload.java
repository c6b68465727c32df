package dev.signet.core.format.freertos;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The SignPayload payload of the IoT JSON platforms (a Signet extension): what a document states
 * about an artifact, its length and digest with the platform's hash, so that SignPayload can return
 * the document StartSigningJob writes for that artifact (for the embedded platforms, that document
 * without its {@code payload}, which the client adds). Exactly {@code
 * {"rawPayloadSize":N,"sha256":"HEX"}} ({@code "sha1"} with 40 hex digits on the SHA-1 platform):
 * no whitespace, {@code N} a decimal without leading zeros, {@code HEX} lower-case hex digits.
 * Anything else is refused.
 *
 * @param size the artifact's length in bytes
 * @param hash the platform's hash
 * @param digest the artifact's digest with {@code hash}
 */
record IotDigestPayload(long size, HashAlgorithm hash, byte[] digest) {
    /** The SignPayload {@code payloadFormat} that announces this payload. */
    static final String MEDIA_TYPE = "application/vnd.signet.iot-digest.v1+json";

    IotDigestPayload {
        Objects.requireNonNull(hash, "hash");
        digest = digest.clone();
        if (digest.length != hash.length()) {
            throw new IllegalArgumentException("a " + hash.jcaName() + " digest is " + hash.length() + " bytes");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The payload's bytes, exactly as {@link #parse} reads them. */
    byte[] encode() {
        return ("{\"rawPayloadSize\":" + size + ",\"" + member(hash) + "\":\""
                        + HexFormat.of().formatHex(digest) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code sha256} or {@code sha1}: the digest member's name for the platform's hash. */
    private static String member(HashAlgorithm hash) {
        return hash.awsName().toLowerCase(Locale.ROOT);
    }

    static IotDigestPayload parse(byte[] payload, HashAlgorithm hash) throws FormatException {
        String member = member(hash);
        int hexLength = 2 * hash.length();
        try {
            IotJsonReader reader = new IotJsonReader(payload);
            reader.expect("{\"rawPayloadSize\":");
            long size = reader.number(15);
            reader.expect(",\"" + member + "\":\"");
            String hex = reader.text(hexLength);
            reader.expect("}");
            reader.expectEnd();
            if (hex.length() != hexLength
                    || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new FormatException(member + " is not " + hexLength + " lower-case hex digits");
            }
            return new IotDigestPayload(size, hash, HexFormat.of().parseHex(hex));
        } catch (FormatException | IOException e) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is exactly {\"rawPayloadSize\":N,\"" + member
                    + "\":\"<" + hexLength + " lower-case hex digits>\"} on this platform: " + e.getMessage());
        }
    }
}
