package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SignPayload payload of the Lambda zip platform (a Signet extension, for signing a zip where it
 * was built): what the signature block states about the original zip, its length and SHA-384, so
 * that SignPayload can return the block StartSigningJob embeds for that zip. Exactly {@code
 * {"size":N,"sha384":"HEX"}}: no whitespace, {@code N} a decimal without leading zeros (at most
 * 0xFFFFFFFF, the largest zip without zip64), {@code HEX} 96 lower-case hex digits. Anything else
 * is refused.
 *
 * @param size the zip's length in bytes
 * @param sha384 the zip's SHA-384 (48 bytes)
 */
record LambdaZipPayload(long size, byte[] sha384) {
    /** The SignPayload {@code payloadFormat} that announces this payload. */
    static final String MEDIA_TYPE = "application/vnd.signet.lambda-zip-digest.v1+json";

    private static final String SHAPE = "{\"size\":N,\"sha384\":\"<96 lower-case hex digits>\"}";
    private static final Pattern EXACT =
            Pattern.compile("\\{\"size\":(0|[1-9][0-9]{0,9}),\"sha384\":\"([0-9a-f]{96})\"\\}");

    LambdaZipPayload {
        sha384 = sha384.clone();
        if (sha384.length != HashAlgorithm.SHA384.length()) {
            throw new IllegalArgumentException("a SHA-384 digest is 48 bytes");
        }
        if (size < 0 || size > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("a zip without zip64 is at most 0xFFFFFFFF bytes");
        }
    }

    @Override
    public byte[] sha384() {
        return sha384.clone();
    }

    /** The payload's bytes, exactly as {@link #parse} reads them. */
    byte[] encode() {
        return ("{\"size\":" + size + ",\"sha384\":\"" + HexFormat.of().formatHex(sha384) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static LambdaZipPayload parse(byte[] payload) throws FormatException {
        // ISO-8859-1 maps every byte to one char, so a non-ASCII byte can never match the pattern
        Matcher m = EXACT.matcher(new String(payload, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is exactly " + SHAPE);
        }
        long size = Long.parseLong(m.group(1));
        if (size > 0xFFFFFFFFL) {
            throw new FormatException("a " + MEDIA_TYPE + " payload states at most 4294967295 bytes (zip64 is not"
                    + " supported), got " + size);
        }
        return new LambdaZipPayload(size, HexFormat.of().parseHex(m.group(2)));
    }
}
