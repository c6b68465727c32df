package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every S3 request gets S3's XML error shape, including those Jetty refuses before routing (paths
 * that climb above the root or hold NUL), presigned URLs with malformed parameters and Signature
 * Version 2, which Signet does not accept; and every date header is an IMF-fixdate.
 */
class S3ErrorShapeTest {
    private static final String S3_AUTH = "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/aws4_request,"
            + " SignedHeaders=host;x-amz-date, Signature=" + "0".repeat(64);
    private static final Pattern IMF_FIXDATE =
            Pattern.compile("(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

    static TestServer server;
    static S3Client s3;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("shapes"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    record Reply(int status, Map<String, String> headers, String body) {}

    /** Sends a raw request line and headers over a socket, as no HTTP client would, and reads the reply. */
    static Reply raw(String method, String target, Map<String, String> headers) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        head.append("Host: 127.0.0.1:").append(server.endpoint().getPort()).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Connection: close\r\n\r\n");
        try (Socket socket = new Socket("127.0.0.1", server.endpoint().getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readNBytes(1 << 20), StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> parsed = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                parsed.put(
                        lines[i].substring(0, colon).toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            return new Reply(Integer.parseInt(lines[0].substring(9, 12)), parsed, text.substring(end + 4));
        }
    }

    static void assertS3Error(Reply r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().get("content-type")).startsWith("application/xml");
        assertThat(r.body()).contains("<Error><Code>" + code + "</Code>").doesNotContain("<html");
        assertThat(r.headers()).containsKey("x-amz-request-id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../x", "/shapes/../../x", "/shapes/%2e%2e/%2e%2e/x", "/shapes/a%00b", "/shapes/%00"})
    void pathsJettyRefusesGetS3sXml(String path) throws IOException {
        Reply unsigned = raw("GET", path, Map.of());
        assertThat(unsigned.status()).isBetween(400, 499);
        assertThat(unsigned.body()).startsWith("<?xml").doesNotContain("<html");
        Reply signed = raw("PUT", path, Map.of("Authorization", S3_AUTH, "x-amz-date", "20260101T000000Z"));
        assertThat(signed.status()).isBetween(400, 499);
        assertThat(signed.body()).startsWith("<?xml").contains("<Code>");
        assertThat(signed.headers().get("content-type")).startsWith("application/xml");
    }

    @Test
    void aBadUriIsInvalidUri() throws IOException {
        assertS3Error(raw("GET", "/shapes/a%00b", Map.of()), 400, "InvalidURI");
        assertS3Error(raw("GET", "/../x", Map.of()), 400, "InvalidURI");
        // a malformed header is Jetty's refusal too, but not of the URI
        assertS3Error(raw("GET", "/shapes/k", Map.of("Bad Header", "x")), 400, "InvalidRequest");
    }

    @Test
    void dotSegmentsJettyAcceptsAreKeysLikeAnyOther() {
        s3.putObject(b -> b.bucket("shapes").key("../escape.txt"), RequestBody.fromString("inside"));
        s3.putObject(b -> b.bucket("shapes").key("a/../b.txt"), RequestBody.fromString("also inside"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("shapes").key("../escape.txt"))
                        .asUtf8String())
                .isEqualTo("inside");
        assertThat(s3.listObjectsV2(b -> b.bucket("shapes")).contents())
                .extracting(o -> o.key())
                .contains("../escape.txt", "a/../b.txt");
    }

    @Test
    void malformedPresignedParametersGetS3sXml() throws IOException {
        String credential = "X-Amz-Credential=AKIAEXAMPLE%2F20260101%2Fus-east-1%2Fs3%2Faws4_request";
        Reply badExpires = raw(
                "GET",
                "/shapes/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&" + credential
                        + "&X-Amz-Date=20260101T000000Z&X-Amz-Expires=abc&X-Amz-SignedHeaders=host&X-Amz-Signature="
                        + "0".repeat(64),
                Map.of());
        assertS3Error(badExpires, 400, "AuthorizationHeaderMalformed");
        assertThat(badExpires.body()).contains("X-Amz-Expires");
        Reply badAlgorithm = raw("GET", "/shapes/k?X-Amz-Algorithm=HMAC&" + credential, Map.of());
        assertS3Error(badAlgorithm, 400, "AuthorizationHeaderMalformed");
    }

    @Test
    void signatureVersion2IsRefusedInS3sWords() throws IOException {
        Reply presigned =
                raw("GET", "/shapes/k?AWSAccessKeyId=AKIAEXAMPLE&Signature=abc%3D&Expires=1900000000", Map.of());
        assertS3Error(presigned, 400, "InvalidRequest");
        assertThat(presigned.body()).contains("Please use AWS4-HMAC-SHA256");
        Reply header = raw("GET", "/shapes/k", Map.of("Authorization", "AWS AKIAEXAMPLE:c2lnbmF0dXJl"));
        assertS3Error(header, 400, "InvalidRequest");
    }

    @Test
    void aBadS3SignatureIsXmlAndASignerOneIsJson() throws IOException {
        Reply s3Reply = raw("GET", "/shapes/k", Map.of("Authorization", S3_AUTH, "x-amz-date", "20260101T000000Z"));
        assertS3Error(s3Reply, 403, "RequestTimeTooSkewed");
        Reply signer = raw(
                "GET",
                "/signing-profiles",
                Map.of("Authorization", S3_AUTH.replace("/s3/", "/signer/"), "x-amz-date", "20260101T000000Z"));
        assertThat(signer.status()).isEqualTo(403);
        assertThat(signer.headers().get("content-type")).startsWith("application/json");
    }

    @Test
    void everyDateHeaderIsAnImfFixdate() throws IOException {
        s3.putObject(b -> b.bucket("shapes").key("dated"), RequestBody.fromString("d"));
        var head = s3.headObject(b -> b.bucket("shapes").key("dated")).sdkHttpResponse();
        assertThat(head.firstMatchingHeader("Last-Modified").orElseThrow()).matches(IMF_FIXDATE);
        assertThat(head.firstMatchingHeader("Date").orElseThrow()).matches(IMF_FIXDATE);
        for (Reply r : List.of(
                raw("GET", "/v1/health", Map.of()),
                raw("GET", "/shapes/a%00b", Map.of()),
                raw("GET", "/signing-profiles", Map.of("Authorization", S3_AUTH.replace("/s3/", "/signer/"))))) {
            assertThat(r.headers().get("date")).matches(IMF_FIXDATE);
        }
    }
}
