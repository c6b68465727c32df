package dev.signet.server.http.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lambda code-signing-config routes on the wire, with hand-signed requests: status codes,
 * Lambda's error shape ({@code X-Amzn-ErrorType}, {@code {"Type", "message"}}), and malformed bodies,
 * paths and query members, none of which may end in a 500.
 */
class LambdaWireIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIGS = "/2020-04-22/code-signing-configs/";
    private static final String PUBLISHERS =
            "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:us-east-1:000000000000:"
                    + "/signing-profiles/app/AbCdE12345\"]}}";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Response(int status, String errorType, String raw, JsonNode body) {}

    static Response send(String method, String pathAndQuery, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = RawRequests.signedSend(
                method,
                URI.create(server.endpoint() + pathAndQuery),
                "lambda",
                server.credentials(),
                Clock.systemUTC(),
                bytes,
                body.isEmpty() ? Map.of() : Map.of("Content-Type", "application/json"));
        JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        return new Response(
                response.statusCode(),
                response.headers().firstValue("X-Amzn-ErrorType").orElse(""),
                response.body(),
                json);
    }

    static String createdArn() throws Exception {
        Response created = send("POST", CONFIGS, PUBLISHERS);
        assertThat(created.status()).isEqualTo(201);
        return created.body()
                .path("CodeSigningConfig")
                .path("CodeSigningConfigArn")
                .asText();
    }

    @Test
    void createIs201AndDeleteIs204WithAnEmptyBody() throws Exception {
        String arn = createdArn();
        String encoded = arn.replace(":", "%3A");

        Response got = send("GET", CONFIGS + encoded, "");
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.body()
                        .path("CodeSigningConfig")
                        .path("CodeSigningPolicies")
                        .path("UntrustedArtifactOnDeployment")
                        .asText())
                .isEqualTo("Warn");
        assertThat(got.body().path("CodeSigningConfig").has("Description")).isFalse();

        Response deleted = send("DELETE", CONFIGS + encoded, "");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.raw()).isEmpty();
    }

    @Test
    void anUnencodedArnInThePathIsAcceptedToo() throws Exception {
        String arn = createdArn();

        assertThat(send("GET", CONFIGS + arn, "").status()).isEqualTo(200);
        Response put = send(
                "PUT",
                "/2020-06-30/functions/wire-fn/code-signing-config",
                "{\"CodeSigningConfigArn\":\"" + arn + "\"}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().path("FunctionName").asText()).isEqualTo("wire-fn");
        assertThat(send("DELETE", "/2020-06-30/functions/wire-fn/code-signing-config", "")
                        .status())
                .isEqualTo(204);
    }

    @Test
    void errorsCarryTheTypeHeaderAndLambdasBody() throws Exception {
        Response missing = send(
                "GET", CONFIGS + "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg", "");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorType()).isEqualTo("ResourceNotFoundException");
        assertThat(missing.body().path("Type").asText()).isEqualTo("User");
        assertThat(missing.body().path("Message").asText()).contains("csc-0123456789abcdefg");

        Response invalid = send("GET", CONFIGS + "csc-0123456789abcdefg", "");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(invalid.body().path("Type").asText()).isEqualTo("User");
        assertThat(invalid.body().path("message").asText()).contains("CodeSigningConfigArn");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"AllowedPublishers\":",
                "[]",
                "\"text\"",
                "{} {}",
                "\u0000\u0001",
                "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"
            })
    void malformedBodiesAreInvalidRequestContent(String body) throws Exception {
        Response response = send("POST", CONFIGS, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("InvalidRequestContentException");
        assertThat(response.body().path("Type").asText()).isEqualTo("User");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"AllowedPublishers\":[]}",
                "{\"AllowedPublishers\":{}}",
                "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":\"arn:aws:signer:::x\"}}",
                "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[1]}}",
                "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[null]}}",
                "{\"Description\":7,\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:::x\"]}}",
                "{\"CodeSigningPolicies\":\"Warn\",\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:::x\"]}}",
                "{\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"warn\"},"
                        + "\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:::x\"]}}",
                "{\"Tags\":{\"k\":1},\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:::x\"]}}"
            })
    void mistypedOrMissingMembersAreInvalidParameterValues(String body) throws Exception {
        Response response = send("POST", CONFIGS, body);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("InvalidParameterValueException");
    }

    @Test
    void aMemberTwiceIsInvalidRequestContentNamingIt() throws Exception {
        Response response = send(
                "POST",
                CONFIGS,
                PUBLISHERS.replace("{\"Allowed", "{\"Description\":\"dup-a\",\"Description\":\"dup-b\",\"Allowed"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("InvalidRequestContentException");
        assertThat(response.body().path("message").asText()).contains("the member 'Description' more than once");
        assertThat(send("GET", CONFIGS, "").raw()).doesNotContain("dup-a").doesNotContain("dup-b");
    }

    @Test
    void unknownMembersAreIgnored() throws Exception {
        Response response = send("POST", CONFIGS, PUBLISHERS.replace("{\"Allowed", "{\"Extra\":{\"x\":[1]},\"Allowed"));

        assertThat(response.status()).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /2020-04-22/code-signing-configs/arn%0Aaws, 400, InvalidParameterValueException",
        "GET, /2020-04-22/code-signing-configs/arn%C3%A9, 400, InvalidParameterValueException",
        "GET, /2020-04-22/code-signing-configs/arn%2Faws%2Flambda, 400, InvalidParameterValueException",
        "GET, /2020-04-22/code-signing-configs?MaxItems=many, 400, InvalidParameterValueException",
        "GET, /2020-04-22/code-signing-configs?MaxItems=99999999999, 400, InvalidParameterValueException",
        "GET, /2020-04-22/code-signing-configs?Marker=%25%25%25, 400, InvalidParameterValueException",
        "GET, /2020-06-30/functions/a%3Ab%3Ac%3Ad/code-signing-config, 400, InvalidParameterValueException",
        "PATCH, /2020-04-22/code-signing-configs, 404, UnknownOperationException",
        "GET, /2020-04-22/code-signing-configs/x/y/z, 404, UnknownOperationException",
        "GET, /2015-03-31/functions, 404, UnknownOperationException",
        "POST, /2020-06-30/functions/app/code-signing-config, 404, UnknownOperationException",
        "GET, /, 404, UnknownOperationException"
    })
    void malformedPathsAndQueriesAreClientErrors(String method, String path, int status, String type) throws Exception {
        Response response = send(method, path, "");

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.errorType()).isEqualTo(type);
    }

    @Test
    void attachWithoutAConfigArnIsInvalid() throws Exception {
        Response response = send("PUT", "/2020-06-30/functions/app/code-signing-config", "{}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("InvalidParameterValueException");
        assertThat(response.body().path("message").asText()).contains("CodeSigningConfigArn");
    }
}
