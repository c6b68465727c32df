package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Outside S3 a signature must cover the body (issue 13): a request signed with {@code
 * x-amz-content-sha256: UNSIGNED-PAYLOAD} (or the unsigned aws-chunked form) could have its body
 * replaced on the way, so every Signer, Lambda and native route refuses it before reading the
 * body, and nothing changes. S3 keeps AWS's rules.
 */
class UnsignedPayloadIntegrationTest {
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    static final String CSC_PATH = "/2020-04-22/code-signing-configs/";
    static TestServer server;
    static String versionArn;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        versionArn = server.signer()
                .putSigningProfile(b -> b.profileName("unsigned_body").platformId("Signet-CMS-SHA256-ECDSA"))
                .profileVersionArn();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Signs the request's headers with {@code declared} as its payload hash, then sends {@code body}. */
    static HttpResponse<String> send(
            String service, String method, String path, String contentType, String declared, byte[] body)
            throws Exception {
        URI uri = server.endpoint().resolve(path);
        Map<String, String> headers = new TreeMap<>();
        headers.put("content-type", contentType);
        if (declared.startsWith("STREAMING-")) {
            headers.put("content-encoding", "aws-chunked");
            headers.put("x-amz-decoded-content-length", Integer.toString(body.length));
        }
        Map<String, String> signed = RawRequests.sigV4Headers(
                method, uri, service, server.credentials(), Clock.systemUTC(), headers, declared);
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEach((name, value) -> {
            if (!name.equals("host")) {
                http.header(name, value);
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String signPayloadBody(byte digestByte) {
        byte[] digest = new byte[32];
        java.util.Arrays.fill(digest, digestByte);
        return "{\"profileName\":\"unsigned_body\",\"payload\":\""
                + Base64.getEncoder().encodeToString(digest) + "\",\"payloadFormat\":\"" + DIGEST_FORMAT + "\"}";
    }

    static Stream<Arguments> nonS3Routes() {
        String boundary = "b-unsigned";
        String upload = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n"
                + "{\"policy\":{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + "arn:aws:signer:us-east-1:"
                + "000000000000:/signing-profiles/unsigned_body/abcdefghij\"]}}}\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"a\"\r\n\r\nartifact\r\n--"
                + boundary + "--\r\n";
        return Stream.of(
                Arguments.of(
                        "signer", "POST", "/signing-jobs/with-payload", "application/json", signPayloadBody((byte) 7)),
                Arguments.of(
                        "lambda",
                        "POST",
                        CSC_PATH,
                        "application/json",
                        "{\"Description\":\"swapped\",\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:"
                                + "signer:us-east-1:000000000000:/signing-profiles/unsigned_body/abcdefghij\"]}}"),
                Arguments.of("signet", "POST", "/v1/certificates", "application/json", "{\"certificate\":\"x\"}"),
                Arguments.of(
                        "signet",
                        "POST",
                        "/v1/verify",
                        "application/json",
                        "{\"policy\":{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:us-east-1:"
                                + "000000000000:/signing-profiles/unsigned_body/abcdefghij\"]}},\"subject\":{\"digest\":"
                                + "{\"algorithm\":\"SHA256\",\"value\":\""
                                + Base64.getEncoder().encodeToString(new byte[32]) + "\"}}}"),
                Arguments.of("signet", "POST", "/v1/verify", "multipart/form-data; boundary=" + boundary, upload));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @MethodSource("nonS3Routes")
    void anUnsignedPayloadIsRefusedBeforeTheBodyIsUsed(
            String service, String method, String path, String contentType, String body) throws Exception {
        for (String declared : List.of("UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")) {
            HttpResponse<String> response =
                    send(service, method, path, contentType, declared, body.getBytes(StandardCharsets.UTF_8));
            assertThat(response.statusCode())
                    .as(declared + ": " + response.body())
                    .isEqualTo(403);
            assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("InvalidSignatureException");
            JsonNode error = Json.mapper().readTree(response.body());
            assertThat(error.path("message").asText())
                    .startsWith("x-amz-content-sha256: " + declared + " is accepted only by S3");
        }
    }

    @Test
    void aSwappedSignPayloadBodyMakesNoSignatureAndNoJob() throws Exception {
        HttpResponse<String> response = send(
                "signer",
                "POST",
                "/signing-jobs/with-payload",
                "application/json",
                "UNSIGNED-PAYLOAD",
                signPayloadBody((byte) 9).getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(server.signer().listSigningJobs().jobs()).isEmpty();
        assertThat(server.lambda().listCodeSigningConfigs(b -> {}).codeSigningConfigs())
                .isEmpty();
    }

    /**
     * What {@code signet verify --csc} sends: the SDK signer's aws-chunked encoding with a signature
     * per chunk. Accepted as it streams; one byte changed in transit fails its chunk's signature.
     */
    @Test
    void aChunkSignedUploadIsAcceptedAndAChangedChunkIsNot() throws Exception {
        String boundary = "b-chunked";
        byte[] artifact = new byte[400_000];
        new Random(3).nextBytes(artifact);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n"
                        + "{\"policy\":{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + versionArn
                        + "\"]}}}\r\n--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"a\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(artifact);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        URI uri = server.endpoint().resolve("/v1/verify");
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(server.credentials())
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(uri)
                                .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .putHeader("Content-Length", Integer.toString(bytes.length))
                                .build())
                        .payload(() -> new ByteArrayInputStream(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true));
        assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256"))
                .contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        byte[] encoded;
        try (InputStream in = signed.payload().orElseThrow().newStream()) {
            encoded = in.readAllBytes();
        }

        HttpResponse<String> accepted = sendSigned(uri, signed.request().headers(), encoded);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(accepted.body()).path("decision").asText())
                .isEqualTo("ALLOW");

        byte[] changed = encoded.clone();
        changed[changed.length / 2] ^= 1;
        HttpResponse<String> refused = sendSigned(uri, signed.request().headers(), changed);
        assertThat(refused.statusCode()).as(refused.body()).isBetween(400, 403);
        assertThat(refused.headers().firstValue("X-Amzn-ErrorType")).contains("InvalidSignatureException");
    }

    static HttpResponse<String> sendSigned(URI uri, Map<String, List<String>> headers, byte[] body) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void s3StillAcceptsAnUnsignedPayload() throws Exception {
        server.s3().createBucket(b -> b.bucket("unsigned-ok"));
        HttpResponse<String> put = send(
                "s3",
                "PUT",
                "/unsigned-ok/object",
                "application/octet-stream",
                "UNSIGNED-PAYLOAD",
                "content".getBytes(StandardCharsets.UTF_8));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(server.s3()
                        .getObjectAsBytes(b -> b.bucket("unsigned-ok").key("object"))
                        .asUtf8String())
                .isEqualTo("content");
    }
}
