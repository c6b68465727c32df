package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SignPayload payload of the Authenticode platform (a Signet extension, for signing a file where it
 * was built): the kind of file and its Authenticode digest, from which the server rebuilds the
 * SpcIndirectDataContent ({@link AuthenticodeIndirectData}) and everything it signs. Exactly {@code
 * {"kind":"KIND","digestAlgorithm":"SHA-256","digest":"HEX"}}: no whitespace, the members in this order,
 * {@code KIND} one of {@code pe}, {@code msi}, {@code powershell}, {@code HEX} 64 lower-case hex
 * digits. Only SHA-256 (the platform's), without page hashes; anything else is refused, naming why.
 *
 * @param kind the kind of file, which fixes the SpcIndirectDataContent's data (SpcPeImageData or the
 *     kind's SpcSipInfo)
 * @param digest the file's Authenticode SHA-256 digest (32 bytes)
 */
record AuthenticodeDigestPayload(AuthenticodeFiles.Kind kind, byte[] digest) {
    /** The SignPayload {@code payloadFormat} that announces this payload. */
    static final String MEDIA_TYPE = "application/vnd.signet.authenticode-digest.v1+json";

    private static final String SHAPE =
            "{\"kind\":\"pe|msi|powershell\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\"<64 lower-case hex digits>\"}";
    /** Wider than what is accepted, so that a kind or an algorithm Signet does not sign is named as such. */
    private static final Pattern FIELDS = Pattern.compile(
            "\\{\"kind\":\"([a-z0-9]{1,16})\",\"digestAlgorithm\":\"([A-Za-z0-9-]{1,16})\",\"digest\":\"([0-9a-f]{1,128})\"\\}");

    AuthenticodeDigestPayload {
        java.util.Objects.requireNonNull(kind, "kind");
        digest = digest.clone();
        if (digest.length != 32) {
            throw new IllegalArgumentException("an Authenticode SHA-256 digest is 32 bytes");
        }
    }

    /** A PE image's payload. */
    AuthenticodeDigestPayload(byte[] digest) {
        this(AuthenticodeFiles.Kind.PE, digest);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The payload's bytes, exactly as {@link #parse} reads them. */
    byte[] encode() {
        return ("{\"kind\":\"" + kind.payloadName() + "\",\"digestAlgorithm\":\"SHA-256\",\"digest\":\""
                        + HexFormat.of().formatHex(digest) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static AuthenticodeDigestPayload parse(byte[] payload) throws FormatException {
        // ISO-8859-1 maps every byte to one char, so a non-ASCII byte can never match the pattern
        Matcher m = FIELDS.matcher(new String(payload, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is exactly " + SHAPE);
        }
        AuthenticodeFiles.Kind kind = AuthenticodeFiles.Kind.ofPayloadName(m.group(1))
                .orElseThrow(() -> new FormatException(
                        "a " + MEDIA_TYPE + " payload signs kind pe, msi or powershell, not " + m.group(1)));
        if (!m.group(2).equals("SHA-256")) {
            throw new FormatException(
                    "a " + MEDIA_TYPE + " payload states a SHA-256 digest (the platform's), not " + m.group(2));
        }
        if (m.group(3).length() != 64) {
            throw new FormatException("a " + MEDIA_TYPE + " payload states a SHA-256 digest of 64 hex digits, got "
                    + m.group(3).length());
        }
        return new AuthenticodeDigestPayload(kind, HexFormat.of().parseHex(m.group(3)));
    }
}
