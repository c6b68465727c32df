package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The Signer API on the wire, with hand-made SigV4-signed requests: malformed and hostile bodies,
 * wrong member types, unknown routes, and the exact response shape (epoch-second numbers, empty
 * members omitted).
 */
class SignerWireIntegrationTest {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SignerTestServer server;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        server.signer.putSigningProfile(b -> b.profileName("wire").platformId(CMS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Response(int status, String errorType, JsonNode body, String raw) {}

    static Response send(String method, String pathAndQuery, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(server.server.endpoint() + pathAndQuery);
        SdkHttpRequest.Builder request =
                SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (!body.isEmpty()) {
            request.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(server.server.credentials())
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signer")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().headers().forEach((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase())) {
                values.forEach(v -> http.header(name, v));
            }
        });
        HttpResponse<String> response =
                HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("X-Amzn-ErrorType").orElse(""),
                json,
                response.body());
    }

    static Stream<Arguments> badRequests() {
        String profile = "/signing-profiles/wire_new";
        return Stream.of(
                Arguments.of("PUT", profile, "{not json", 400, "ValidationException", "not valid JSON"),
                Arguments.of("PUT", profile, "[1, 2]", 400, "ValidationException", "must be a JSON object"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\": 5}",
                        400,
                        "ValidationException",
                        "platformId must be a string"),
                Arguments.of("PUT", profile, "", 400, "ValidationException", "platformId is required"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS
                                + "\",\"signatureValidityPeriod\":{\"value\":\"x\",\"type\":\"DAYS\"}}",
                        400,
                        "ValidationException",
                        "signatureValidityPeriod.value must be an integer"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS + "\",\"signatureValidityPeriod\":{\"value\":5,\"type\":\"WEEKS\"}}",
                        400,
                        "ValidationException",
                        "signatureValidityPeriod.type must be one of"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS
                                + "\",\"signatureValidityPeriod\":{\"value\":99999999999,\"type\":\"DAYS\"}}",
                        400,
                        "ValidationException",
                        "signatureValidityPeriod.value must be an integer"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS + "\",\"tags\":{\"k\":1}}",
                        400,
                        "ValidationException",
                        "tags values must be strings"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS
                                + "\",\"overrides\":{\"signingConfiguration\":{\"hashAlgorithm\":\"MD5\"}}}",
                        400,
                        "ValidationException",
                        "overrides.signingConfiguration.hashAlgorithm must be one of"),
                Arguments.of("PUT", "/signing-profiles/%C3%28", "{}", 400, "ValidationException", "UTF-8"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS + "\",\"platformId\":\"AWSLambda-SHA384-ECDSA\"}",
                        400,
                        "ValidationException",
                        "the member 'platformId' more than once"),
                Arguments.of(
                        "PUT",
                        profile,
                        "{\"platformId\":\"" + CMS + "\",\"tags\":{\"k\":\"1\",\"k\":\"2\"}}",
                        400,
                        "ValidationException",
                        "the member 'k' more than once"),
                Arguments.of(
                        "POST",
                        "/signing-jobs/with-payload",
                        "{\"profileName\":\"wire\",\"payload\":\"AAAA\",\"payload\":\"BBBB\","
                                + "\"payloadFormat\":\"application/vnd.signet.digest+sha256\"}",
                        400,
                        "ValidationException",
                        "the member 'payload' more than once"),
                Arguments.of(
                        "POST",
                        "/tags/arn%3Aaws%3Asigner%3Aus-east-1%3A000000000000%3A%2Fsigning-profiles%2Fwire",
                        "{\"tags\":{\"a\":\"1\"},\"tags\":{\"b\":\"2\"}}",
                        400,
                        "BadRequestException",
                        "the member 'tags' more than once"),
                Arguments.of(
                        "POST",
                        "/signing-jobs/with-payload",
                        "{\"profileName\":\"wire\",\"payload\":\"not base64!\",\"payloadFormat\":\"x\"}",
                        400,
                        "ValidationException",
                        "payload must be base64"),
                Arguments.of(
                        "POST",
                        "/signing-jobs",
                        "{\"profileName\": {}}",
                        400,
                        "ValidationException",
                        "profileName must be a string"),
                Arguments.of(
                        "GET",
                        "/signing-jobs?maxResults=abc",
                        "",
                        400,
                        "ValidationException",
                        "maxResults must be an integer"),
                Arguments.of(
                        "GET", "/signing-jobs?status=Done", "", 400, "ValidationException", "status must be one of"),
                Arguments.of(
                        "GET",
                        "/signing-jobs?isRevoked=maybe",
                        "",
                        400,
                        "ValidationException",
                        "isRevoked must be true or false"),
                Arguments.of(
                        "GET",
                        "/signing-jobs?signatureExpiresBefore=yesterday",
                        "",
                        400,
                        "ValidationException",
                        "signatureExpiresBefore must be an ISO 8601"),
                Arguments.of(
                        "GET",
                        "/signing-profiles?statuses=Gone",
                        "",
                        400,
                        "ValidationException",
                        "statuses must be one of"),
                Arguments.of("GET", "/signing-profiles?nextToken=abc.def", "", 400, "ValidationException", "nextToken"),
                Arguments.of("GET", "/signing-jobs/not-a-job", "", 404, "ResourceNotFoundException", "does not exist"),
                Arguments.of("GET", "/nothing/here", "", 404, "UnknownOperationException", "no Signer operation"),
                Arguments.of(
                        "PATCH",
                        "/signing-profiles/wire",
                        "{}",
                        404,
                        "UnknownOperationException",
                        "no Signer operation"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestsGetAClearErrorAndNever500(
            String method, String path, String body, int status, String errorType, String message) throws Exception {
        Response response = send(method, path, body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.errorType()).startsWith(errorType);
        assertThat(response.body().path("message").asText()).contains(message);
    }

    @Test
    void aProfileWithAMemberTwiceIsNotCreated() throws Exception {
        Response put = send(
                "PUT",
                "/signing-profiles/wire_twice",
                "{\"platformId\":\"" + CMS + "\",\"platformId\":\"AWSLambda-SHA384-ECDSA\"}");
        assertThat(put.status()).isEqualTo(400);
        assertThat(send("GET", "/signing-profiles/wire_twice", "").status()).isEqualTo(404);
    }

    @Test
    void unknownMembersAreIgnoredAndResponsesOmitEmptyMembers() throws Exception {
        Response put = send(
                "PUT",
                "/signing-profiles/wire_extra",
                "{\"platformId\":\"" + CMS + "\",\"futureMember\":{\"nested\":[1,2,3]},\"signingParameters\":null}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("profileVersion").asText()).matches("[a-zA-Z0-9]{10}");

        Response got = send("GET", "/signing-profiles/wire_extra", "");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body().has("overrides")).isFalse();
        assertThat(got.body().has("signingMaterial")).isFalse();
        assertThat(got.body().has("signingParameters")).isFalse();
        assertThat(got.body().has("tags")).isFalse();
        assertThat(got.body().has("statusReason")).isFalse();
        assertThat(got.body().path("status").asText()).isEqualTo("Active");
        assertThat(got.body().path("signatureValidityPeriod").path("value").asInt())
                .isEqualTo(135);
    }

    @Test
    void jobTimestampsAreEpochSecondNumbers() throws Exception {
        Response signed = send(
                "POST",
                "/signing-jobs/with-payload",
                "{\"profileName\":\"wire\",\"payload\":\""
                        + java.util.Base64.getEncoder().encodeToString(new byte[32])
                        + "\",\"payloadFormat\":\"application/vnd.signet.digest+sha256\"}");
        assertThat(signed.status()).isEqualTo(200);
        String jobId = signed.body().path("jobId").asText();

        Response job = send("GET", "/signing-jobs/" + jobId, "");
        assertThat(job.body().path("createdAt").isNumber()).isTrue();
        assertThat(job.body().path("completedAt").isNumber()).isTrue();
        assertThat(job.body().path("signatureExpiresAt").isNumber()).isTrue();
        double created = job.body().path("createdAt").asDouble();
        assertThat(created)
                .isBetween(System.currentTimeMillis() / 1000.0 - 600, System.currentTimeMillis() / 1000.0 + 5);
        assertThat(job.body().has("source")).isFalse();
        assertThat(job.body().path("status").asText()).isEqualTo("Succeeded");
    }

    /**
     * SignPayload's answer is streamed, not built as a tree: it must be what the tree gave, byte for
     * byte (members in order, compact, the signature in standard padded base64).
     */
    @Test
    void signPayloadAnswersWhatATreeWouldHaveWritten() throws Exception {
        Response signed = send(
                "POST",
                "/signing-jobs/with-payload",
                "{\"profileName\":\"wire\",\"payload\":\""
                        + java.util.Base64.getEncoder().encodeToString(new byte[32])
                        + "\",\"payloadFormat\":\"application/vnd.signet.digest+sha256\"}");
        assertThat(signed.status()).isEqualTo(200);
        assertThat(signed.body().fieldNames())
                .toIterable()
                .containsExactly("jobId", "jobOwner", "metadata", "signature");
        assertThat(signed.body().path("metadata").isObject()).isTrue();
        assertThat(signed.body().path("metadata").size()).isPositive();
        byte[] signature = java.util.Base64.getDecoder()
                .decode(signed.body().path("signature").asText());
        assertThat(java.util.Base64.getEncoder().encodeToString(signature))
                .isEqualTo(signed.body().path("signature").asText());
        assertThat(signed.raw()).isEqualTo(JSON.writeValueAsString(signed.body()));
    }

    /** Signet's extension: a SignPayload retried with its clientRequestToken gets the first answer back. */
    @Test
    void signPayloadWithAClientTokenIsIdempotent() throws Exception {
        String digest = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String body = "{\"profileName\":\"wire\",\"payload\":\"" + digest
                + "\",\"payloadFormat\":\"application/vnd.signet.digest+sha256\",\"clientRequestToken\":\"wire-1\"}";
        Response first = send("POST", "/signing-jobs/with-payload", body);
        Response again = send("POST", "/signing-jobs/with-payload", body);
        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("jobId").asText())
                .isEqualTo(first.body().path("jobId").asText());
        assertThat(again.body().path("signature").asText())
                .isEqualTo(first.body().path("signature").asText());
        assertThat(again.body().path("metadata")).isEqualTo(first.body().path("metadata"));

        Response other = send("POST", "/signing-jobs/with-payload", body.replace(digest, "A".repeat(42) + "E="));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.errorType()).isEqualTo("ValidationException");
        assertThat(other.body().path("message").asText())
                .isEqualTo("clientRequestToken was already used for a different signature (job "
                        + first.body().path("jobId").asText() + ")");
    }

    @Test
    void cancelAnswers200WithAnEmptyBody() throws Exception {
        server.signer.putSigningProfile(b -> b.profileName("wire_cancel").platformId(CMS));
        Response canceled = send("DELETE", "/signing-profiles/wire_cancel", "");
        assertThat(canceled.status()).isEqualTo(200);
        assertThat(canceled.body().isEmpty()).isTrue();
        assertThat(send("GET", "/signing-profiles/wire_cancel", "")
                        .body()
                        .path("status")
                        .asText())
                .isEqualTo("Canceled");
    }
}
