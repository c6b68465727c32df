package dev.signet.bench.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A minimal AWS Signature Version 4 signer for one kind of request: a JSON POST with no query
 * string, signing {@code host}, {@code x-amz-content-sha256} and {@code x-amz-date}. Hand-rolled so
 * the load driver spends as little CPU per request as possible (the SDK's signer builds several
 * immutable request copies per call). The day's signing key is cached. Not thread-safe: one per
 * connection. The secret never appears in {@link #toString}.
 */
final class SigV4 {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final byte[] secret;
    private final String region;
    private final String service;
    private final MessageDigest sha256;
    private final Mac mac;
    private String keyDay = "";
    private byte[] signingKey;

    SigV4(String accessKeyId, String secretAccessKey, String region, String service) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secret =
                ("AWS4" + Objects.requireNonNull(secretAccessKey, "secretAccessKey")).getBytes(StandardCharsets.UTF_8);
        this.region = region;
        this.service = service;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
            this.mac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256 or HmacSHA256", e);
        }
    }

    /** The signed headers of one request. */
    record Signed(String amzDate, String contentSha256, String authorization) {}

    Signed sign(String method, String path, String hostHeader, byte[] body, ZonedDateTime now) {
        String amzDate = now.withZoneSameInstant(ZoneOffset.UTC).format(AMZ_DATE);
        String day = amzDate.substring(0, 8);
        String payloadHash = HEX.formatHex(sha256.digest(body));
        String canonical = method + '\n' + path + "\n\n"
                + "host:" + hostHeader + '\n'
                + "x-amz-content-sha256:" + payloadHash + '\n'
                + "x-amz-date:" + amzDate + "\n\n"
                + "host;x-amz-content-sha256;x-amz-date\n"
                + payloadHash;
        String scope = day + '/' + region + '/' + service + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + '\n' + scope + '\n'
                + HEX.formatHex(sha256.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(hmac(key(day), toSign));
        String authorization = "AWS4-HMAC-SHA256 Credential=" + accessKeyId + '/' + scope
                + ", SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=" + signature;
        return new Signed(amzDate, payloadHash, authorization);
    }

    private byte[] key(String day) {
        if (!day.equals(keyDay)) {
            byte[] k = hmac(secret, day);
            k = hmac(k, region);
            k = hmac(k, service);
            signingKey = hmac(k, "aws4_request");
            keyDay = day;
        }
        return signingKey;
    }

    private byte[] hmac(byte[] key, String data) {
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    @Override
    public String toString() {
        return "SigV4[" + accessKeyId + ", " + region + "/" + service + "]";
    }
}
