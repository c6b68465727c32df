package dev.signet.cli.client;

import dev.signet.server.http.auth.SigV4;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * AWS Signature Version 4 for the CLI's plain JSON requests: no query string, signed headers
 * {@code host}, {@code x-amz-content-sha256} and {@code x-amz-date}, the payload's SHA-256 signed.
 * The request path is given already percent-encoded (as sent on the wire) and is encoded once more
 * for the canonical request, as every AWS service but S3 expects. Built on the server's {@link SigV4}
 * primitives (the code that verifies these signatures) rather than the SDK's signer, which builds
 * several immutable request copies per call that a batch of thousands of small requests pays for in
 * CPU. Thread-safe; the day's signing key is cached. The secret never appears in
 * {@link #toString}.
 */
public final class SigV4Signer {
    private static final List<String> SIGNED_HEADERS = List.of("host", "x-amz-content-sha256", "x-amz-date");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

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
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        String payloadHash = SigV4.sha256Hex(body);
        Map<String, List<String>> headers = Map.of(
                "host", List.of(host), "x-amz-content-sha256", List.of(payloadHash), "x-amz-date", List.of(amzDate));
        String canonical = SigV4.canonicalRequest(
                method, SigV4.uriEncode(rawPath, true), "", SIGNED_HEADERS, headers::get, payloadHash);
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        String signature = SigV4.signature(key(day), SigV4.stringToSign(amzDate, scope, canonical));
        String authorization = SigV4.ALGORITHM + " Credential=" + accessKeyId + '/' + scope + ", SignedHeaders="
                + String.join(";", SIGNED_HEADERS) + ", Signature=" + signature;
        return new Signed(amzDate, payloadHash, authorization);
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
