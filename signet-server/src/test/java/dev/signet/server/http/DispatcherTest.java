package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.ca.Pem;
import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.TestServer;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SignerException;

/**
 * Authentication and error shapes through the real dispatcher: SDK clients where they can produce
 * the case, raw HTTP signed by the SDK's signer where they cannot (an old date, an unknown service).
 */
class DispatcherTest {
    static TestServer server;

    /** A stand-in restJson1 service named "signer": echoes the caller, or fails on purpose. */
    static final class EchoService implements AwsProtocolService {
        @Override
        public String signingName() {
            return "signer";
        }

        @Override
        public void handle(Context ctx, Caller caller) throws Exception {
            switch (ctx.req().getRequestURI()) {
                case "/signing-platforms" -> ctx.json(Map.of("platforms", List.of()));
                case "/json" -> {
                    JsonNode node = Json.mapper().readTree(ctx.body());
                    ctx.json(Map.of("caller", caller.principalArn(), "echo", node));
                }
                case "/refuse" -> throw ServiceException.validation("name is too long");
                default -> throw new IllegalStateException("secret internal detail");
            }
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.serving(apis -> List.of(apis.s3(), new EchoService()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void signedJsonRequestReachesTheServiceWithTheCaller() throws Exception {
        try (SignerClient signer = server.signer()) {
            assertThat(signer.listSigningPlatforms().platforms()).isEmpty();
        }
        HttpResponse<String> r = post("/json", "{\"a\": 1}", server.credentials(), Clock.systemUTC());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("caller").asText()).isEqualTo("arn:aws:iam::000000000000:user/admin");
        assertThat(body.get("echo").get("a").asInt()).isEqualTo(1);
    }

    @Test
    void unknownKeyIsUnrecognizedClient() {
        try (SignerClient signer = server.signer(b -> b.credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "secret"))))) {
            assertThatThrownBy(signer::listSigningPlatforms).isInstanceOfSatisfying(SignerException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The security token included in the request is invalid.");
                assertThat(e.requestId()).isNotBlank();
            });
        }
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        String id = server.credentials().accessKeyId();
        try (SignerClient signer = server.signer(b -> b.credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(id, "not-the-secret"))))) {
            assertThatThrownBy(signer::listSigningPlatforms).isInstanceOfSatisfying(SignerException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("The request signature we calculated does not match");
            });
        }
    }

    @Test
    void s3AuthFailuresUseS3Codes() {
        String id = server.credentials().accessKeyId();
        try (S3Client unknown = server.s3(b -> b.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIAUNKNOWNUNKNOWN00", "secret"))));
                S3Client wrong = server.s3(b -> b.credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(id, "not-the-secret"))))) {
            assertThatThrownBy(unknown::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
            });
            assertThatThrownBy(() -> wrong.putObject(b -> b.bucket("any").key("k"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                    });
        }
    }

    @Test
    void aCredentialScopeForAnotherRegionIsRefused() {
        try (SignerClient signer = server.signer(b -> b.region(Region.US_WEST_2));
                S3Client s3 = server.s3(b -> b.region(Region.US_WEST_2))) {
            assertThatThrownBy(signer::listSigningPlatforms).isInstanceOfSatisfying(SignerException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("Credential should be scoped to a valid region. This endpoint serves 'us-east-1',"
                                + " not 'us-west-2'.");
            });
            assertThatThrownBy(s3::listBuckets).isInstanceOfSatisfying(S3Exception.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthorizationHeaderMalformed");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("The authorization header is malformed; the region 'us-west-2' is wrong;"
                                + " expecting 'us-east-1'");
            });
        }
    }

    @Test
    void expiredDateIsRefused() throws Exception {
        Clock old = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        HttpResponse<String> json = post("/json", "{}", server.credentials(), old);
        assertThat(json.statusCode()).isEqualTo(403);
        assertThat(json.headers().firstValue("X-Amzn-ErrorType")).contains("InvalidSignatureException");
        JsonNode body = Json.mapper().readTree(json.body());
        assertThat(body.get("message").asText()).startsWith("Signature expired: ");
        assertThat(body.get("code").asText()).isEqualTo("InvalidSignatureException");

        HttpResponse<String> s3 = RawRequests.signedSend(
                "GET", server.endpoint().resolve("/"), "s3", server.credentials(), old, new byte[0], Map.of());
        assertThat(s3.statusCode()).isEqualTo(403);
        assertThat(s3.body()).contains("<Code>RequestTimeTooSkewed</Code>");
        assertThat(s3.headers().firstValue("x-amz-request-id")).isPresent();
        assertThat(s3.headers().firstValue("x-amz-id-2")).isPresent();
    }

    @Test
    void futureDateIsRefused() throws Exception {
        Clock future = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        HttpResponse<String> json = post("/json", "{}", server.credentials(), future);
        assertThat(json.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(json.body()).get("message").asText())
                .startsWith("Signature not yet current: ");
    }

    @Test
    void missingAuthenticationIsRefused() throws Exception {
        HttpResponse<String> r =
                RawRequests.send("GET", server.endpoint().resolve("/signing-platforms"), Map.of(), new byte[0]);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("MissingAuthenticationTokenException");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AWS4-HMAC-SHA256 Credential=AKIA/2015/us-east-1/signer/aws4_request, SignedHeaders=host, Signature=00",
                "AWS4-HMAC-SHA256 SignedHeaders=host;x-amz-date",
                "AWS4-HMAC-SHA256 Credential=AKIA/20150830/us-east-1/signer/aws4_request, SignedHeaders=x-amz-date,"
                        + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                "AWS4-HMAC-SHA256 Credential=AKIA/20150830/us-east-1/signer/other, SignedHeaders=host,"
                        + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
                "AWS3 Credential=x",
                "AWS4-HMAC-SHA256 Credential=AKIA/20150830/us-east-1/signer/aws4_request, SignedHeaders=x-amz-date;host,"
                        + " Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            })
    void malformedAuthorizationIsA400WithTheAwsShape(String authorization) throws Exception {
        HttpResponse<String> r = RawRequests.send(
                "GET",
                server.endpoint().resolve("/signing-platforms"),
                Map.of("Authorization", authorization),
                new byte[0]);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("IncompleteSignatureException");
    }

    @Test
    void unknownServiceIsRefused() throws Exception {
        HttpResponse<String> r = RawRequests.signedSend(
                "GET",
                server.endpoint().resolve("/functions"),
                "lambda",
                server.credentials(),
                Clock.systemUTC(),
                new byte[0],
                Map.of());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Json.mapper().readTree(r.body()).get("message").asText()).contains("'lambda'");
    }

    @Test
    void tamperedBodyIsRefused() throws Exception {
        byte[] signed = "{\"amount\": 1}".getBytes(StandardCharsets.UTF_8);
        byte[] sent = "{\"amount\": 9}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = RawRequests.signedSend(
                "POST",
                server.endpoint().resolve("/json"),
                "signer",
                server.credentials(),
                Clock.systemUTC(),
                signed,
                sent,
                Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("InvalidSignatureException");
    }

    @Test
    void malformedJsonIsABadRequest() throws Exception {
        HttpResponse<String> r = post("/json", "{not json", server.credentials(), Clock.systemUTC());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("BadRequestException");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }

    @Test
    void serviceExceptionsKeepTheirCodeAndStatus() throws Exception {
        HttpResponse<String> r = post("/refuse", "{}", server.credentials(), Clock.systemUTC());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("ValidationException");
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.get("message").asText()).isEqualTo("name is too long");
        assertThat(body.get("code").asText()).isEqualTo("ValidationException");
    }

    @Test
    void unexpectedFailuresAreAGeneric500() throws Exception {
        HttpResponse<String> r = post("/boom", "{}", server.credentials(), Clock.systemUTC());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.headers().firstValue("X-Amzn-ErrorType")).contains("InternalServiceErrorException");
        assertThat(r.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException");
    }

    /**
     * What docs/architecture.md promises: an S3-signed request reaches S3 whatever its path, so a
     * bucket may be named after a Signer path and a key may begin with {@code v1/}; {@code v1}
     * itself is no bucket name (S3 names have 3 to 63 characters).
     */
    @Test
    void s3PathsThatLookLikeOtherApisReachS3() throws Exception {
        try (S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("signing-jobs"));
            s3.putObject(b -> b.bucket("signing-jobs").key("v1/health"), RequestBody.fromString("an object"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket("signing-jobs").key("v1/health"))
                            .asUtf8String())
                    .isEqualTo("an object");
        }
        // the SDK refuses such a name itself; signed by hand, S3 refuses it
        HttpResponse<String> v1 = RawRequests.signedSend(
                "PUT",
                server.endpoint().resolve("/v1"),
                "s3",
                server.credentials(),
                Clock.systemUTC(),
                new byte[0],
                Map.of());
        assertThat(v1.statusCode()).isEqualTo(400);
        assertThat(v1.body()).contains("<Code>InvalidBucketName</Code>");
    }

    @Test
    void publicNativeRoutesNeedNoSignature() throws Exception {
        HttpResponse<String> health =
                RawRequests.send("GET", server.endpoint().resolve("/v1/health"), Map.of(), new byte[0]);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(health.body()).get("status").asText()).isEqualTo("ok");
        assertThat(health.headers().firstValue("x-amzn-RequestId")).isPresent();

        HttpResponse<String> pem =
                RawRequests.send("GET", server.endpoint().resolve("/v1/ca/root.pem"), Map.of(), new byte[0]);
        assertThat(pem.statusCode()).isEqualTo(200);
        assertThat(Pem.decodeCertificates(pem.body()))
                .containsExactly(server.assembly().ca().root());

        HttpResponse<String> other =
                RawRequests.send("GET", server.endpoint().resolve("/v1/keys"), Map.of(), new byte[0]);
        assertThat(other.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> post(String path, String body, AwsBasicCredentials credentials, Clock clock)
            throws Exception {
        URI uri = server.endpoint().resolve(path);
        return RawRequests.signedSend(
                "POST",
                uri,
                "signer",
                credentials,
                clock,
                body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }
}
