package dev.signet.cli.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for the CLI's plain JSON requests: no query string, signed headers
 * {@code host}, {@code x-amz-content-sha256} and {@code x-amz-date}, the payload's SHA-256 signed.
 * The request path is given already percent-encoded (as sent on the wire) and is encoded once more
 * for the canonical request, as every AWS service but S3 expects. Hand-rolled because the SDK's
 * signer builds several immutable request copies per call, which a batch of thousands of small
 * requests pays for in CPU. Thread-safe; the day's signing key is cached. The secret never appears in
 * {@link #toString}.
 */
public final class SigV4Signer {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SIGNED_HEADERS = "host;x-amz-content-sha256;x-amz-date";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final byte[] secret;
    private final String region;
    private final String service;
    private volatile DayKey dayKey = new DayKey("", new byte[0]);

    private record DayKey(String day, byte[] key) {}

    /** The headers to add to one request (the caller sends {@code Host} as given to {@link #sign}). */
    public record Signed(String amzDate, String contentSha256, String authorization) {
        public Signed {
            Objects.requireNonNull(amzDate, "amzDate");
            Objects.requireNonNull(contentSha256, "contentSha256");
            Objects.requireNonNull(authorization, "authorization");
        }
    }

    public SigV4Signer(AccessKey key, String region, String service) {
        Objects.requireNonNull(key, "key");
        this.accessKeyId = key.id();
        this.secret = ("AWS4" + key.secret()).getBytes(StandardCharsets.UTF_8);
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Signs one request.
     *
     * @param method the HTTP method, upper case
     * @param rawPath the path as sent on the wire (percent-encoded, starting with {@code /})
     * @param host the {@code Host} header the request carries ({@code host[:port]})
     * @param body the exact body bytes (empty for none)
     * @param now the signing time
     */
    public Signed sign(String method, String rawPath, String host, byte[] body, Instant now) {
        if (!rawPath.startsWith("/") || rawPath.indexOf('?') >= 0) {
            throw new IllegalArgumentException("a path without a query string is expected: " + rawPath);
        }
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        String payloadHash = HEX.formatHex(sha256(body));
        String canonical = method + '\n'
                + uriEncode(rawPath, true) + "\n\n"
                + "host:" + host.strip() + '\n'
                + "x-amz-content-sha256:" + payloadHash + '\n'
                + "x-amz-date:" + amzDate + "\n\n"
                + SIGNED_HEADERS + '\n'
                + payloadHash;
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        String toSign = ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope
                + '\n'
                + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(hmac(key(day), toSign));
        String authorization = ALGORITHM + " Credential=" + accessKeyId + '/' + scope + ", SignedHeaders="
                + SIGNED_HEADERS + ", Signature=" + signature;
        return new Signed(amzDate, payloadHash, authorization);
    }

    /**
     * Percent-encodes every UTF-8 byte but the unreserved characters {@code A-Z a-z 0-9 - _ . ~}
     * (and {@code /} when {@code keepSlash}), with upper-case hex digits.
     */
    static String uriEncode(String value, boolean keepSlash) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~'
                    || (keepSlash && c == '/');
            if (unreserved) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private byte[] key(String day) {
        DayKey cached = dayKey;
        if (cached.day().equals(day)) {
            return cached.key();
        }
        byte[] k = hmac(secret, day);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        dayKey = new DayKey(day, k);
        return k;
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + accessKeyId + ", " + region + "/" + service + "]";
    }
}
