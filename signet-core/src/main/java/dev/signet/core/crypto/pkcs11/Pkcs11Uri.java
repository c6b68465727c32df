package dev.signet.core.crypto.pkcs11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 7512 PKCS#11 URI naming one key on one token: {@code pkcs11:token=T;object=O;id=I}, the
 * token label, the key's {@code CKA_LABEL} and its {@code CKA_ID}. Values are percent-encoded (RFC
 * 7512 section 2.3) except RFC 3986's unreserved characters, so the path never holds a {@code /},
 * a space or a {@code ;} of its own. Only these three path attributes are read; a URI with any
 * other attribute, a query, or a value that is not valid percent-encoded UTF-8 is refused.
 *
 * @param token the token label (at most 32 bytes of UTF-8, as {@code CK_TOKEN_INFO} holds it)
 * @param object the key's label, which Signet also uses as its key store alias
 * @param id the key's {@code CKA_ID}, as its UTF-8 text
 */
public record Pkcs11Uri(String token, String object, String id) {
    public static final String SCHEME = "pkcs11";

    public Pkcs11Uri {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(id, "id");
        if (token.isEmpty() || token.getBytes(StandardCharsets.UTF_8).length > 32) {
            throw new IllegalArgumentException("a token label has 1 to 32 bytes");
        }
        if (object.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("a PKCS#11 key needs an object label and an id");
        }
    }

    /** The path part ({@code token=...;object=...;id=...}): what a {@code KeyHandle} keeps as key id. */
    public String path() {
        return "token=" + encode(token) + ";object=" + encode(object) + ";id=" + encode(id);
    }

    @Override
    public String toString() {
        return SCHEME + ":" + path();
    }

    /** Parses a path as {@link #path()} writes it (attributes in any order, each once). */
    public static Pkcs11Uri parsePath(String path) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String part : path.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not a PKCS#11 URI path attribute: " + part);
            }
            String name = part.substring(0, eq);
            if (!name.equals("token") && !name.equals("object") && !name.equals("id")) {
                throw new IllegalArgumentException("unsupported PKCS#11 URI attribute " + name);
            }
            if (attributes.put(name, decode(part.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("PKCS#11 URI attribute " + name + " given twice");
            }
        }
        if (attributes.size() != 3) {
            throw new IllegalArgumentException("a Signet PKCS#11 key URI names token, object and id");
        }
        return new Pkcs11Uri(attributes.get("token"), attributes.get("object"), attributes.get("id"));
    }

    /** Parses a whole URI ({@code pkcs11:...}). */
    public static Pkcs11Uri parse(String uri) {
        if (!uri.startsWith(SCHEME + ":")) {
            throw new IllegalArgumentException("not a pkcs11: URI");
        }
        return parsePath(uri.substring(SCHEME.length() + 1));
    }

    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (unreserved(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    static String decode(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%') {
                int hi = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException("bad percent-encoding in a PKCS#11 URI");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (unreserved(c)) {
                out.write(c);
            } else {
                throw new IllegalArgumentException("character '" + c + "' must be percent-encoded in a PKCS#11 URI");
            }
        }
        byte[] bytes = out.toByteArray();
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
            throw new IllegalArgumentException("a PKCS#11 URI value is not UTF-8");
        }
        return text;
    }

    private static boolean unreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
