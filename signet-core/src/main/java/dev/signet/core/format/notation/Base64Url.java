package dev.signet.core.format.notation;

import dev.signet.core.format.FormatException;
import java.util.Base64;

/**
 * Canonical base64url without padding (RFC 7515 section 2): decoding refuses padding, other
 * alphabets and non-canonical trailing bits, so every encoded string has exactly one meaning.
 */
final class Base64Url {
    private Base64Url() {}

    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] decode(String value, String what) throws FormatException {
        if (value == null || value.indexOf('=') >= 0) {
            throw new FormatException(what + " is not unpadded base64url");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new FormatException(what + " is not base64url");
        }
        if (!encode(bytes).equals(value)) {
            throw new FormatException(what + " is not canonical base64url");
        }
        return bytes;
    }
}
