package dev.signet.server.http.signer;

import dev.signet.core.testing.AwsSignerPlugin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * The GetRevocationStatus request the AWS Signer Notation plugin sends, built as its AWS SDK for Go
 * v2 client (service/signer 1.24.6, smithy-go) writes it when the plugin config sets {@code
 * aws-signer-endpoint-url}, and sent over a socket to the server's loopback port:
 *
 * <ul>
 *   <li>the endpoint comes from a legacy endpoint resolver with {@code HostnameImmutable} false, so
 *       the operation's host prefix middleware puts {@code data-} in front of the endpoint's host
 *       ({@code endpointPrefix_opGetRevocationStatusMiddleware});
 *   <li>{@code GET /revocations}, the query members added in the serializer's order to a {@code
 *       url.Values} ({@code certificateHashes} once per hash, in chain order) and written by {@code
 *       Values.Encode}: keys sorted, each value {@code url.QueryEscape}d ({@code :} and {@code /}
 *       percent-encoded); {@code signatureTimestamp} as smithy's {@code FormatDateTime} (RFC 3339
 *       UTC, fractional seconds only when not zero);
 *   <li>headers {@code User-Agent}, {@code Amz-Sdk-Invocation-Id}, {@code Amz-Sdk-Request}, {@code
 *       X-Amz-Date}, {@code Authorization} (SigV4 over {@code amz-sdk-invocation-id;amz-sdk-request;
 *       host;x-amz-date} and the empty body's hash, query values sorted, as the Go signer does; no
 *       {@code X-Amz-Content-Sha256} outside S3), and Go's transport's {@code Accept-Encoding: gzip}.
 * </ul>
 *
 * The one difference from the wire: {@code Connection: close}, so the answer ends with the stream.
 * The signature is computed here with the JDK alone, not with the server's SigV4 code.
 */
final class GoSdkRevocationRequest {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private GoSdkRevocationRequest() {}

    /** Status and body of the answer. */
    record Answer(int status, String body) {}

    /** url.QueryEscape: space as '+', unreserved kept, everything else %XX (upper-case hex). */
    static String queryEscape(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** smithy-go {@code time.FormatDateTime}: {@code 2006-01-02T15:04:05.999Z}. */
    static String formatDateTime(Instant t) {
        String s = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        return s.contains(".") ? s.replaceAll("0+Z$", "Z") : s;
    }

    /** The raw query string {@code Values.Encode} writes for the plugin's input. */
    static String query(AwsSignerPlugin.RevocationInput input) {
        TreeMap<String, List<String>> values = new TreeMap<>();
        input.certificateHashes()
                .forEach(h -> values.computeIfAbsent("certificateHashes", k -> new ArrayList<>())
                        .add(h));
        values.put("jobArn", List.of(input.jobArn()));
        values.put("platformId", List.of(input.platformId()));
        values.put("profileVersionArn", List.of(input.profileVersionArn()));
        values.put("signatureTimestamp", List.of(formatDateTime(input.signatureTimestamp())));
        List<String> parts = new ArrayList<>();
        values.forEach((k, vs) -> vs.forEach(v -> parts.add(queryEscape(k) + "=" + queryEscape(v))));
        return String.join("&", parts);
    }

    /** The Go signer's canonical query: the same pairs, sorted by name then value, spaces as %20. */
    static String canonicalQuery(String rawQuery) {
        List<String> pairs = new ArrayList<>(List.of(rawQuery.split("&")));
        pairs.sort((a, b) -> {
            String[] x = a.split("=", 2);
            String[] y = b.split("=", 2);
            int c = x[0].compareTo(y[0]);
            return c != 0 ? c : x[1].compareTo(y[1]);
        });
        return String.join("&", pairs).replace("+", "%20");
    }

    /** The full request text for {@code host} (the prefixed endpoint host with its port). */
    static String request(AwsSignerPlugin.RevocationInput input, String host, AwsCredentials credentials, Instant now)
            throws GeneralSecurityException {
        String query = query(input);
        String amzDate = AMZ_DATE.format(now);
        String invocation = UUID.randomUUID().toString();
        String attempt = "attempt=1; max=3";
        String canonical = "GET\n/revocations\n" + canonicalQuery(query) + "\n"
                + "amz-sdk-invocation-id:" + invocation + "\n"
                + "amz-sdk-request:" + attempt + "\n"
                + "host:" + host + "\n"
                + "x-amz-date:" + amzDate + "\n\n"
                + "amz-sdk-invocation-id;amz-sdk-request;host;x-amz-date\n"
                + EMPTY_SHA256;
        String scope = amzDate.substring(0, 8) + "/us-east-1/signer/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonical));
        byte[] key = hmac(
                ("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
        key = hmac(key, "us-east-1");
        key = hmac(key, "signer");
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, toSign));
        return "GET /revocations?" + query + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: aws-sdk-go-v2/1.30.5 os/linux lang/go#1.22.7 md/GOOS#linux md/GOARCH#amd64"
                + " api/signer#1.24.6 aws-signer-caller/NotationPlugin/" + AwsSignerPlugin.VERSION + "\r\n"
                + "Amz-Sdk-Invocation-Id: " + invocation + "\r\n"
                + "Amz-Sdk-Request: " + attempt + "\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + scope
                + ", SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;host;x-amz-date, Signature=" + signature
                + "\r\n"
                + "X-Amz-Date: " + amzDate + "\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "Connection: close\r\n\r\n";
    }

    /** Sends {@code request} to 127.0.0.1:{@code port} and reads the answer (bounded by a read timeout). */
    static Answer send(String request, int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            String head = text.substring(0, bodyStart);
            String body = text.substring(bodyStart + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Answer(status, body);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private static byte[] sha256(String s) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
