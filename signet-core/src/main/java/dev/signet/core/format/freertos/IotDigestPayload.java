package dev.signet.core.format.freertos;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.util.HexFormat;

/**
 * The SignPayload payload of the detached IoT JSON platform (a Signet extension): what the detached
 * document states about an artifact, its length and SHA-256, so that SignPayload can return the
 * document StartSigningJob writes for that artifact. Exactly {@code
 * {"rawPayloadSize":N,"sha256":"HEX"}}: no whitespace, {@code N} a decimal without leading zeros,
 * {@code HEX} 64 lower-case hex digits. Anything else is refused.
 *
 * @param size the artifact's length in bytes
 * @param sha256 the artifact's SHA-256 (32 bytes)
 */
record IotDigestPayload(long size, byte[] sha256) {
    /** The SignPayload {@code payloadFormat} that announces this payload. */
    static final String MEDIA_TYPE = "application/vnd.signet.iot-digest.v1+json";

    private static final String SHAPE = "{\"rawPayloadSize\":N,\"sha256\":\"<64 lower-case hex digits>\"}";

    IotDigestPayload {
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    static IotDigestPayload parse(byte[] payload) throws FormatException {
        try {
            IotJsonReader reader = new IotJsonReader(payload);
            reader.expect("{\"rawPayloadSize\":");
            long size = reader.number(15);
            reader.expect(",\"sha256\":\"");
            String hex = reader.text(64);
            reader.expect("}");
            reader.expectEnd();
            if (hex.length() != 64 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new FormatException("sha256 is not 64 lower-case hex digits");
            }
            return new IotDigestPayload(size, HexFormat.of().parseHex(hex));
        } catch (FormatException | IOException e) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is exactly " + SHAPE + ": " + e.getMessage());
        }
    }
}
