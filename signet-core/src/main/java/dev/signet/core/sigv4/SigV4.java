package dev.signet.core.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pure functions of AWS Signature Version 4: URI encoding, canonical URI, query and header
 * values, string to sign, key derivation and the chained strings to sign of an aws-chunked body.
 * Exactly the rules of the published specification; no I/O and no state (beyond one SHA-256 and one
 * HMAC instance per thread). The server verifies with these functions and the CLI signs with them, so
 * both sides build the same canonical request from the same code.
 */
public final class SigV4 {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String TERMINATOR = "aws4_request";
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** The {@code x-amz-content-sha256} of a body sent aws-chunked with a signature per chunk. */
    public static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    private static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
    private static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(SigV4::sha256);
    private static final ThreadLocal<Mac> SIGNATURE_HMAC = ThreadLocal.withInitial(SigV4::newHmac);

    private SigV4() {}

    /**
     * Percent-encodes every UTF-8 byte except the unreserved characters {@code A-Z a-z 0-9 - _ . ~}
     * (and {@code /} when {@code keepSlash}), with upper-case hex digits.
     */
    public static String uriEncode(String value, boolean keepSlash) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (keepSlash && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XX} escapes as UTF-8; {@code +} stays a plus sign, as AWS treats it.
     *
     * @throws IllegalArgumentException on a truncated or non-hex escape or invalid UTF-8
     */
    public static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= raw.length) {
                    throw new IllegalArgumentException("truncated percent escape");
                }
                int hi = Character.digit(raw[i + 1], 16);
                int lo = Character.digit(raw[i + 2], 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent escape");
                }
                out[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else {
                out[n++] = b;
            }
        }
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try {
            return decoder.decode(java.nio.ByteBuffer.wrap(out, 0, n)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("percent escapes are not valid UTF-8", e);
        }
    }

    /**
     * The canonical URI of {@code path}: with {@code normalize} the dot segments and empty segments
     * are removed first (every service but S3), then each character is URI-encoded, slashes kept.
     * Every service but S3 passes the path as it came over the wire (already encoded once), so the
     * result is encoded twice; S3 passes the decoded path, so it is encoded once.
     */
    public static String canonicalUri(String path, boolean normalize) {
        if (path.isEmpty()) {
            return "/";
        }
        String p = normalize ? normalizePath(path) : path;
        return uriEncode(p, true);
    }

    static String normalizePath(String path) {
        Deque<String> segments = new ArrayDeque<>();
        String[] parts = path.split("/", -1);
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(part);
            }
        }
        String last = parts[parts.length - 1];
        boolean trailingSlash = last.isEmpty() || last.equals(".") || last.equals("..");
        StringBuilder out = new StringBuilder("/");
        out.append(String.join("/", segments));
        if (trailingSlash && !segments.isEmpty()) {
            out.append('/');
        }
        return out.toString();
    }

    /**
     * The canonical query string of a raw (wire) query: each name and value decoded then encoded the
     * AWS way, pairs sorted by name then value, names in {@code exclude} (already decoded) left out.
     *
     * @throws IllegalArgumentException on an invalid escape
     */
    public static String canonicalQuery(String rawQuery, Set<String> exclude) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = percentDecode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(part.substring(eq + 1));
            if (exclude.contains(name)) {
                continue;
            }
            pairs.add(new String[] {uriEncode(name, false), uriEncode(value, false)});
        }
        pairs.sort((a, b) -> {
            int c = a[0].compareTo(b[0]);
            return c != 0 ? c : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** One header's canonical value: each occurrence trimmed, inner runs of white space collapsed, joined by commas. */
    public static String canonicalHeaderValue(List<String> values) {
        if (values.size() == 1) {
            return collapseWhiteSpace(values.get(0).strip());
        }
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(collapseWhiteSpace(value.strip()));
        }
        return out.toString();
    }

    /** {@code value.replaceAll("\\s+", " ")}, without the regular expression when there is nothing to replace. */
    private static String collapseWhiteSpace(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean run = c == ' ' && i + 1 < value.length() && isRegexSpace(value.charAt(i + 1));
            if (run || (c != ' ' && isRegexSpace(c))) {
                return value.replaceAll("\\s+", " ");
            }
        }
        return value;
    }

    /** The characters of the regular expression class {@code \\s}: space, tab, new line, VT, form feed, CR. */
    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    public static String canonicalRequest(
            String method,
            String canonicalUri,
            String canonicalQuery,
            List<String> signedHeaders,
            java.util.function.Function<String, List<String>> headerValues,
            String payloadHash) {
        StringBuilder out = new StringBuilder(256);
        out.append(method).append('\n');
        out.append(canonicalUri).append('\n');
        out.append(canonicalQuery).append('\n');
        for (String name : signedHeaders) {
            out.append(name)
                    .append(':')
                    .append(canonicalHeaderValue(headerValues.apply(name)))
                    .append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        out.append(payloadHash);
        return out.toString();
    }

    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** The credential scope {@code DATE/REGION/SERVICE/aws4_request}. */
    public static String scope(String date, String region, String service) {
        return date + '/' + region + '/' + service + '/' + TERMINATOR;
    }

    /**
     * The string to sign of one chunk of an aws-chunked body ({@link #STREAMING_PAYLOAD}): chained to
     * the previous chunk's signature, the request's own signature for the first chunk.
     *
     * @param chunkSha256 the lower-case hex SHA-256 of the chunk's data ({@link #EMPTY_SHA256} for the
     *     final, empty chunk)
     */
    public static String chunkStringToSign(String amzDate, String scope, String previousSignature, String chunkSha256) {
        return CHUNK_ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope
                + '\n'
                + previousSignature
                + '\n'
                + EMPTY_SHA256
                + '\n'
                + chunkSha256;
    }

    /**
     * The string to sign of the trailers that end a signed aws-chunked body, chained to the final
     * chunk's signature.
     *
     * @param trailersSha256 the lower-case hex SHA-256 of the canonical trailers ({@code name:value\n} each)
     */
    public static String trailerStringToSign(
            String amzDate, String scope, String previousSignature, String trailersSha256) {
        return TRAILER_ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + previousSignature + '\n' + trailersSha256;
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
    public static byte[] signingKey(byte[] secret, String date, String region, String service) {
        byte[] prefixed = new byte[secret.length + 4];
        prefixed[0] = 'A';
        prefixed[1] = 'W';
        prefixed[2] = 'S';
        prefixed[3] = '4';
        System.arraycopy(secret, 0, prefixed, 4, secret.length);
        try {
            byte[] k = hmac(prefixed, date);
            k = hmac(k, region);
            k = hmac(k, service);
            return hmac(k, TERMINATOR);
        } finally {
            java.util.Arrays.fill(prefixed, (byte) 0);
        }
    }

    /**
     * The hex HMAC of {@code stringToSign} under the derived {@code signingKey}. Uses one Mac per
     * thread (Mac.getInstance's provider look-up costs more than the HMAC); only derived signing keys,
     * which are cached anyway, pass through it, never a secret access key.
     */
    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(SIGNATURE_HMAC.get(), signingKey, stringToSign));
    }

    public static byte[] hmac(byte[] key, String data) {
        return hmac(newHmac(), key, data);
    }

    private static byte[] hmac(Mac mac, byte[] key, String data) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static Mac newHmac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** The lower-case hex SHA-256 of {@code data}, with one digest per thread (digest() leaves it reset). */
    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(SHA256.get().digest(data));
    }

    public static String hex(byte[] data) {
        return HEX.formatHex(data);
    }

    /** Compares two signatures in time independent of where they differ. */
    public static boolean constantTimeEquals(String expected, String provided) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code s} is 64 lower-case hex digits, the form of a SHA-256 or a signature. */
    public static boolean isSha256Hex(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
