package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SignPayload payload of the Authenticode platform (a Signet extension, for signing a PE where it
 * was built): the kind of file and its Authenticode digest, from which the server rebuilds the
 * SpcIndirectDataContent ({@link PeSignedData#indirectData}) and everything it signs. Exactly {@code
 * {"kind":"pe","digestAlgorithm":"SHA-256","digest":"HEX"}}: no whitespace, the members in this order,
 * {@code HEX} 64 lower-case hex digits. Only PE images are signed from a digest (MSI packages and
 * PowerShell scripts go through StartSigningJob), only with SHA-256 (the platform's), and without
 * page hashes; anything else is refused, naming why.
 *
 * @param digest the PE's Authenticode SHA-256 digest (32 bytes)
 */
record AuthenticodeDigestPayload(byte[] digest) {
    /** The SignPayload {@code payloadFormat} that announces this payload. */
    static final String MEDIA_TYPE = "application/vnd.signet.authenticode-digest.v1+json";

    private static final String SHAPE =
            "{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"<64 lower-case hex digits>\"}";
    /** Wider than what is accepted, so that a kind or an algorithm Signet does not sign is named as such. */
    private static final Pattern FIELDS = Pattern.compile(
            "\\{\"kind\":\"([a-z0-9]{1,16})\",\"digestAlgorithm\":\"([A-Za-z0-9-]{1,16})\",\"digest\":\"([0-9a-f]{1,128})\"\\}");

    AuthenticodeDigestPayload {
        digest = digest.clone();
        if (digest.length != 32) {
            throw new IllegalArgumentException("an Authenticode SHA-256 digest is 32 bytes");
        }
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The payload's bytes, exactly as {@link #parse} reads them. */
    byte[] encode() {
        return ("{\"kind\":\"pe\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\""
                        + HexFormat.of().formatHex(digest) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static AuthenticodeDigestPayload parse(byte[] payload) throws FormatException {
        // ISO-8859-1 maps every byte to one char, so a non-ASCII byte can never match the pattern
        Matcher m = FIELDS.matcher(new String(payload, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is exactly " + SHAPE);
        }
        if (!m.group(1).equals("pe")) {
            throw new FormatException("a " + MEDIA_TYPE + " payload signs kind pe only, not " + m.group(1)
                    + " (sign MSI packages and PowerShell scripts with StartSigningJob)");
        }
        if (!m.group(2).equals("SHA-256")) {
            throw new FormatException(
                    "a " + MEDIA_TYPE + " payload states a SHA-256 digest (the platform's), not " + m.group(2));
        }
        if (m.group(3).length() != 64) {
            throw new FormatException("a " + MEDIA_TYPE + " payload states a SHA-256 digest of 64 hex digits, got "
                    + m.group(3).length());
        }
        return new AuthenticodeDigestPayload(HexFormat.of().parseHex(m.group(3)));
    }
}
