package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.sigv4.SigV4;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body that stalls before its Content-Length is reached (dripped slower than the idle timeout) or
 * that ends early is the client's fault: every body-reading path answers 400 in its protocol's
 * shape and logs one line, never a stack trace, so nobody can fill the log by sending half a body.
 * Raw sockets, a server with a 500 ms idle timeout, the server's log captured.
 */
class SlowBodyIntegrationTest {
    static final Duration IDLE = Duration.ofMillis(500);
    static final String TIMEOUT_MESSAGE =
            "Your socket connection to the server was not read from or written to within the timeout period.";
    static final String INCOMPLETE_MESSAGE =
            "You did not provide the number of bytes specified by the Content-Length HTTP header.";
    static TestServer server;

    private PrintStream originalErr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void start() {
        server = TestServer.start(Clock.systemUTC(), config -> config.withIdleTimeout(IDLE));
        server.s3().createBucket(b -> b.bucket("slow"));
        server.signer().putSigningProfile(b -> b.profileName("slow").platformId("Signet-CMS-SHA256-ECDSA"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(new TeeStream(originalErr, log), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    /** Writes to two streams: the test log still shows what the server said. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }

    /** A request: who it is signed for (null: unsigned), where it goes, and its whole intended body. */
    record Target(
            String service, String method, String path, String contentType, String payloadHashOrNull, byte[] body) {}

    static Target timestamp() {
        return new Target(null, "POST", "/v1/timestamp", "application/timestamp-query", null, new byte[100]);
    }

    static Target signPayload() {
        byte[] body = ("{\"profileName\":\"slow\",\"payload\":\"" + "A".repeat(43)
                        + "=\",\"payloadFormat\":\"application/vnd.signet.digest+sha256\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new Target("signer", "POST", "/signing-jobs/with-payload", "application/json", null, body);
    }

    static Target createCsc() {
        byte[] body = ("{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"arn:aws:signer:us-east-1:"
                        + "000000000000:/signing-profiles/slow/abcdefghij\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        return new Target("lambda", "POST", "/2020-04-22/code-signing-configs/", "application/json", null, body);
    }

    static Target putObject() {
        return new Target(
                "s3", "PUT", "/slow/object", "application/octet-stream", "UNSIGNED-PAYLOAD", new byte[50_000]);
    }

    static Target verifyUpload() {
        String boundary = "b-slow";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"a\""
                        + "\r\n\r\n" + "x".repeat(50_000) + "\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        return new Target("signet", "POST", "/v1/verify", "multipart/form-data; boundary=" + boundary, null, body);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("public /v1/timestamp", timestamp(), "JSON"),
                Arguments.of("Signer SignPayload", signPayload(), "JSON"),
                Arguments.of("Lambda CreateCodeSigningConfig", createCsc(), "LAMBDA"),
                Arguments.of("S3 PutObject", putObject(), "S3"),
                Arguments.of("native /v1/verify upload", verifyUpload(), "JSON"));
    }

    static String head(Target target) {
        URI uri = server.endpoint().resolve(target.path());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", target.contentType());
        if (target.service() != null) {
            String hash =
                    target.payloadHashOrNull() == null ? SigV4.sha256Hex(target.body()) : target.payloadHashOrNull();
            headers = RawRequests.sigV4Headers(
                    target.method(), uri, target.service(), server.credentials(), Clock.systemUTC(), headers, hash);
        }
        StringBuilder head = new StringBuilder(target.method() + " " + target.path() + " HTTP/1.1\r\n");
        head.append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(uri.getPort())
                .append("\r\n");
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(target.body().length).append("\r\n\r\n");
        return head.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBodyThatStallsIsA400AndOneLogLine(String name, Target target, String shape) throws Exception {
        byte[] part = Arrays.copyOf(target.body(), target.body().length / 2);
        RawRequests.RawResponse response =
                RawRequests.exchange(server.endpoint(), head(target), part, false, Duration.ofSeconds(20));

        assertShape(response, shape, "RequestTimeout", TIMEOUT_MESSAGE);
        assertOneLineAndNoStackTrace(response);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBodyCutShortIsA400AndOneLogLine(String name, Target target, String shape) throws Exception {
        byte[] part = Arrays.copyOf(target.body(), target.body().length / 2);
        RawRequests.RawResponse response =
                RawRequests.exchange(server.endpoint(), head(target), part, true, Duration.ofSeconds(20));

        assertShape(response, shape, "IncompleteBody", INCOMPLETE_MESSAGE);
        assertOneLineAndNoStackTrace(response);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void brokenChunkedFramingIsA400AndOneLogLine(String name, Target target, String shape) throws Exception {
        String head = head(target)
                .replace("Content-Length: " + target.body().length + "\r\n", "Transfer-Encoding: chunked\r\n");
        byte[] broken = "10\r\n0123456789abcdefXYZ\r\n".getBytes(StandardCharsets.US_ASCII);
        RawRequests.RawResponse response =
                RawRequests.exchange(server.endpoint(), head, broken, false, Duration.ofSeconds(20));

        assertThat(response.status()).as(response.head() + response.body()).isEqualTo(400);
        assertOneLineAndNoStackTrace(response);
    }

    static void assertShape(RawRequests.RawResponse response, String shape, String s3Code, String message)
            throws Exception {
        assertThat(response.status()).as(response.head() + response.body()).isEqualTo(400);
        switch (shape) {
            case "S3" -> {
                assertThat(response.header("Content-Type").orElse("")).startsWith("application/xml");
                assertThat(response.body())
                        .contains("<Code>" + s3Code + "</Code>")
                        .contains("<Message>" + message + "</Message>");
            }
            case "LAMBDA" -> {
                assertThat(response.header("X-Amzn-ErrorType")).contains("InvalidRequestContentException");
                JsonNode body = Json.mapper().readTree(response.body());
                assertThat(body.path("Type").asText()).isEqualTo("User");
                assertThat(body.path("message").asText()).isEqualTo(message);
            }
            default -> {
                assertThat(response.header("X-Amzn-ErrorType")).contains("BadRequestException");
                JsonNode body = Json.mapper().readTree(response.body());
                assertThat(body.path("code").asText()).isEqualTo("BadRequestException");
                assertThat(body.path("message").asText()).isEqualTo(message);
            }
        }
    }

    void assertOneLineAndNoStackTrace(RawRequests.RawResponse response) throws InterruptedException {
        String requestId = response.header("x-amzn-RequestId").orElseThrow();
        // the request line is written after the response, within the request log's flush interval
        String requestLine = "RequestLog - requestId=" + requestId;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!log.toString(StandardCharsets.UTF_8).contains(requestLine) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text).as(text).doesNotContain("\tat ").doesNotContain("Caused by");
        // one line saying what went wrong, besides the request line every request gets
        assertThat(text.lines().filter(l -> l.contains(requestId) && !l.contains("RequestLog")))
                .as(text)
                .hasSize(1);
        assertThat(text.lines().filter(l -> l.contains(requestLine)))
                .as(text)
                .singleElement()
                .asString()
                .contains("status=400");
    }
}
