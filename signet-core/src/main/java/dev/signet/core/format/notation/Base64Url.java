package dev.signet.core.format.notation;

import dev.signet.core.crypto.Jose;
import dev.signet.core.format.FormatException;

/** {@link Jose}'s canonical base64url with this format's exception, naming the part that is wrong. */
final class Base64Url {
    private Base64Url() {}

    static String encode(byte[] bytes) {
        return Jose.base64Url(bytes);
    }

    static byte[] decode(String value, String what) throws FormatException {
        return Jose.decodeBase64Url(value)
                .orElseThrow(() -> new FormatException(what + " is not canonical unpadded base64url"));
    }
}
