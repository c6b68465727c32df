package dev.signet.cli.client;

import dev.signet.server.http.auth.SigV4;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for the CLI's plain JSON requests: no query string, signed headers
 * {@code host}, {@code x-amz-content-sha256} and {@code x-amz-date}, the payload's SHA-256 signed.
 * The request path is given already percent-encoded (as sent on the wire) and is encoded once more
 * for the canonical request, as every AWS service but S3 expects. Built on the server's {@link SigV4}
 * primitives (the code that verifies these signatures: URI encoding, key derivation) rather than the
 * SDK's signer, which builds several immutable request copies per call that a batch of thousands of
 * small requests pays for in CPU; the canonical request of its three fixed headers (values without
 * white space, which is checked) is composed here. Tested against the SDK's signer. Thread-safe; the day's signing key is derived once (4 HMACs) and each thread keeps its own
 * SHA-256 and keyed HMAC instances (a provider look-up per instance costs more than hashing a small
 * request). The secret never appears in {@link #toString}.
 */
public final class SigV4Signer {
    private static final List<String> SIGNED_HEADERS = List.of("host", "x-amz-content-sha256", "x-amz-date");
    private static final String SIGNED_HEADER_LIST = String.join(";", SIGNED_HEADERS);

    private final String accessKeyId;
    private final byte[] secret;
    private final String region;
    private final String service;
    private volatile DayKey dayKey = new DayKey("", new byte[0]);
    private volatile AmzDate lastDate = new AmzDate(Long.MIN_VALUE, "");
    private final ThreadLocal<Hashers> hashers = ThreadLocal.withInitial(Hashers::new);

    private record DayKey(String day, byte[] key) {}

    private record AmzDate(long epochSecond, String text) {}

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
        this.secret = key.secret().getBytes(StandardCharsets.UTF_8);
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
        requireNoWhiteSpace(host);
        String amzDate = amzDate(now.getEpochSecond());
        String day = amzDate.substring(0, 8);
        Hashers hashers = this.hashers.get();
        String payloadHash = SigV4.hex(hashers.sha256.digest(body));
        // SigV4.canonicalRequest for these three headers, whose values are canonical as they are (no
        // white space to trim or collapse), without its per-header regular expression
        String canonical = method + '\n' + SigV4.uriEncode(rawPath, true) + "\n\nhost:" + host
                + "\nx-amz-content-sha256:" + payloadHash + "\nx-amz-date:" + amzDate + "\n\n" + SIGNED_HEADER_LIST
                + '\n' + payloadHash;
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        // SigV4.stringToSign and SigV4.signature, with this thread's digest and MAC instead of new ones
        String stringToSign = SigV4.ALGORITHM
                + '\n'
                + amzDate
                + '\n'
                + scope
                + '\n'
                + SigV4.hex(hashers.sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        String signature = SigV4.hex(hashers.mac(day).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        String authorization = SigV4.ALGORITHM + " Credential=" + accessKeyId + '/' + scope + ", SignedHeaders="
                + SIGNED_HEADER_LIST + ", Signature=" + signature;
        return new Signed(amzDate, payloadHash, authorization);
    }

    private static void requireNoWhiteSpace(String host) {
        for (int i = 0; i < host.length(); i++) {
            if (Character.isWhitespace(host.charAt(i))) {
                throw new IllegalArgumentException("a host without white space is expected: " + host);
            }
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("a host is expected");
        }
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} of an epoch second, the last one remembered (a batch signs many per second). */
    private String amzDate(long epochSecond) {
        AmzDate cached = lastDate;
        if (cached.epochSecond() == epochSecond) {
            return cached.text();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        if (t.getYear() < 1000 || t.getYear() > 9999) {
            throw new IllegalArgumentException("a signing time in years 1000-9999 is expected: " + t);
        }
        StringBuilder text = new StringBuilder(16);
        pad(text, t.getYear(), 4);
        pad(text, t.getMonthValue(), 2);
        pad(text, t.getDayOfMonth(), 2);
        pad(text.append('T'), t.getHour(), 2);
        pad(text, t.getMinute(), 2);
        pad(text, t.getSecond(), 2);
        String amzDate = text.append('Z').toString();
        lastDate = new AmzDate(epochSecond, amzDate);
        return amzDate;
    }

    private static void pad(StringBuilder out, int value, int digits) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < digits; i++) {
            out.append('0');
        }
        out.append(s);
    }

    /** This thread's SHA-256 and its HMAC-SHA256 keyed with a day's signing key (derived once per day). */
    private final class Hashers {
        final MessageDigest sha256 = SigV4.sha256();
        private Mac mac;
        private String macDay = "";

        Mac mac(String day) {
            if (!day.equals(macDay)) {
                try {
                    Mac m = Mac.getInstance("HmacSHA256");
                    m.init(new SecretKeySpec(key(day), "HmacSHA256"));
                    mac = m;
                    macDay = day;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("HmacSHA256 unavailable", e);
                }
            }
            return mac;
        }
    }

    private byte[] key(String day) {
        DayKey cached = dayKey;
        if (cached.day().equals(day)) {
            return cached.key();
        }
        byte[] k = SigV4.signingKey(secret, day, region, service);
        dayKey = new DayKey(day, k);
        return k;
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + accessKeyId + ", " + region + "/" + service + "]";
    }
}
