package dev.signet.core.format.openpgp;

import dev.signet.core.format.FormatException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SignPayload payload of the OpenPGP platform (a Signet extension, for signing a file where it
 * lies): the SHA-256 of the file stopped after its last whole 64-byte block (the chaining value),
 * and the at most 63 bytes after it, so that the server finishes the hash with the signature's
 * hashed part and trailer itself and so decides what it signs: always a binary-document signature
 * with Signet's subpackets (a finished hash from the client could be one over any OpenPGP
 * structure, such as a subkey binding). Exactly {@code
 * {"size":N,"sha256State":"HEX","tail":"BASE64"}}: no whitespace, {@code N} the file's length
 * (decimal, no leading zeros), {@code HEX} the 32-byte chaining value as 64 lower-case hex digits,
 * {@code BASE64} the file's last {@code N mod 64} bytes in canonical padded base64 (empty when
 * {@code N} is a multiple of 64). Anything else is refused. Finishing the state with the tail gives
 * the file's SHA-256 ({@link #fileSha256}), which the job records as the artifact's digest.
 *
 * @param size the file's length
 * @param state the SHA-256 chaining value after the first {@code size - tail.length} bytes
 * @param tail the file's last {@code size mod 64} bytes
 */
record OpenPgpDigestPayload(long size, byte[] state, byte[] tail) {
    static final String MEDIA_TYPE = "application/vnd.signet.openpgp-digest.v1+json";

    private static final String SHAPE =
            "{\"size\":N,\"sha256State\":\"<64 lower-case hex digits>\",\"tail\":\"<base64 of the last N mod 64 bytes>\"}";
    private static final Pattern EXACT = Pattern.compile(
            "\\{\"size\":(0|[1-9][0-9]{0,17}),\"sha256State\":\"([0-9a-f]{64})\",\"tail\":\"([A-Za-z0-9+/=]{0,88})\"\\}");

    OpenPgpDigestPayload {
        state = state.clone();
        tail = tail.clone();
        if (state.length != 32 || size < 0 || tail.length != size % 64) {
            throw new IllegalArgumentException("a chaining value of 32 bytes and the last size mod 64 bytes");
        }
    }

    @Override
    public byte[] state() {
        return state.clone();
    }

    @Override
    public byte[] tail() {
        return tail.clone();
    }

    /** The SHA-256 state over the whole file, not finished: for the signature's hashed part to follow. */
    MessageDigest document() {
        MessageDigest digest = ResumedSha256.resume(state, size - tail.length);
        digest.update(tail);
        return digest;
    }

    /**
     * The SHA-256 of the whole file: the state finished with the tail and SHA-256's padding, which
     * depends on the length alone. So the payload states the file's digest without a field of its own.
     */
    byte[] fileSha256() {
        return document().digest();
    }

    byte[] encode() {
        return ("{\"size\":" + size + ",\"sha256State\":\"" + HexFormat.of().formatHex(state) + "\",\"tail\":\""
                        + Base64.getEncoder().encodeToString(tail) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static OpenPgpDigestPayload parse(byte[] payload) throws FormatException {
        Matcher m = EXACT.matcher(new String(payload, StandardCharsets.ISO_8859_1));
        if (!m.matches()) {
            throw new FormatException("a " + MEDIA_TYPE + " payload is exactly " + SHAPE);
        }
        long size = Long.parseLong(m.group(1));
        byte[] tail;
        try {
            tail = Base64.getDecoder().decode(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new FormatException("a " + MEDIA_TYPE + " payload's tail is not base64");
        }
        if (!Base64.getEncoder().encodeToString(tail).equals(m.group(3))) {
            throw new FormatException("a " + MEDIA_TYPE + " payload's tail is not canonical padded base64");
        }
        if (tail.length != size % 64) {
            throw new FormatException("a " + MEDIA_TYPE + " payload's tail is the last size mod 64 = " + size % 64
                    + " bytes of the file, got " + tail.length);
        }
        return new OpenPgpDigestPayload(size, HexFormat.of().parseHex(m.group(2)), tail);
    }
}
