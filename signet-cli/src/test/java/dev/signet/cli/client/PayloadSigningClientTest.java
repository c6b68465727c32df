package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.http.StubHttpServer;
import dev.signet.core.sigv4.AccessKey;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain client against a stub server on loopback with canned responses: what it sends, what it
 * makes of good and of malformed answers, and that every refusal reads exactly as the SDK-based
 * {@link SignerApi} reports the same response.
 */
class PayloadSigningClientTest {
    private static final AccessKey KEY = new AccessKey("AKIDSTUB", "stub-secret-key");

    private HttpServer server;
    private ClientSettings settings;
    private final AtomicReference<Canned> canned = new AtomicReference<>();
    private final AtomicReference<Received> received = new AtomicReference<>();

    record Canned(int status, String errorType, byte[] body) {}

    record Received(String method, String path, Map<String, String> headers, String body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        settings = new ClientSettings(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "us-east-1", KEY, Path.of("."));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.set(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                Map.of(
                        "authorization",
                                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")),
                        "x-amz-date",
                                String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Date")),
                        "x-amz-content-sha256",
                                String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Content-Sha256"))),
                new String(body, StandardCharsets.UTF_8)));
        Canned c = canned.get();
        if (c.errorType() != null) {
            exchange.getResponseHeaders().add("X-Amzn-ErrorType", c.errorType());
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(c.status(), c.body().length == 0 ? -1 : c.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(c.body());
        }
    }

    private void respond(int status, String errorType, String body) {
        canned.set(new Canned(status, errorType, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void signsAPayloadWithASignedJsonPost() {
        byte[] signature = {0x30, 0x03, 0x02, 0x01, 0x05};
        respond(
                200,
                null,
                "{\"jobId\":\"job-1\",\"jobOwner\":\"000000000000\",\"metadata\":{\"signingTime\":\"t\"},\"signature\":\""
                        + Base64.getEncoder().encodeToString(signature) + "\"}");

        SignedPayload signed = new PayloadSigningClient(settings).signPayload("bench", new byte[] {1, 2, 3}, "fmt/x");

        assertThat(signed.jobId()).isEqualTo("job-1");
        assertThat(signed.jobOwner()).isEqualTo("000000000000");
        assertThat(signed.signature()).isEqualTo(signature);
        assertThat(signed.metadata()).containsEntry("signingTime", "t");
        Received r = received.get();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/signing-jobs/with-payload");
        assertThat(r.body())
                .contains("\"payload\":\"AQID\"", "\"payloadFormat\":\"fmt/x\"", "\"profileName\":\"bench\"");
        assertThat(r.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDSTUB/")
                .contains("/us-east-1/signer/aws4_request", "SignedHeaders=host;x-amz-content-sha256;x-amz-date")
                .doesNotContain(KEY.secret());
    }

    @Test
    void readsAProfileByItsEncodedName() {
        respond(
                200,
                null,
                "{\"profileName\":\"a b\",\"platformId\":\"Signet-CMS-SHA256-ECDSA\",\"status\":\"Active\","
                        + "\"signatureValidityPeriod\":{\"value\":135,\"type\":\"MONTHS\"}}");

        ProfileView view = new PayloadSigningClient(settings).getProfile("a b");

        assertThat(received.get().path()).isEqualTo("/signing-profiles/a%20b");
        assertThat(view.platformId()).hasValue("Signet-CMS-SHA256-ECDSA");
        assertThat(view.status()).hasValue("Active");
        assertThat(view.validity()).hasValue("135 MONTHS");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "200|not json",
                "200|[1,2]",
                "200|{\"jobId\":\"j\"}",
                "200|{\"signature\":\"AAAA\"}",
                "200|{\"jobId\":\"j\",\"signature\":\"***not base64***\"}",
                "200|{\"jobId\":{\"nested\":1},\"signature\":\"AAAA\"}",
                "200|''",
            })
    void aMalformedAnswerIsUnavailableNeverACrash(int status, String body) {
        respond(status, null, body);
        CliException e = catchThrowableOfType(
                () -> new PayloadSigningClient(settings).signPayload("bench", new byte[32], "f"), CliException.class);
        assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(e.getMessage()).startsWith("the server");
    }

    @Test
    void anOversizedAnswerIsRefused() {
        respond(200, null, "{\"jobId\":\"" + "x".repeat(PayloadSigningClient.MAX_RESPONSE) + "\"}");
        CliException e = catchThrowableOfType(
                () -> new PayloadSigningClient(settings).signPayload("bench", new byte[32], "f"), CliException.class);
        assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(e.getMessage()).contains("larger than 1 MiB");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "400|ValidationException|{\"message\":\"profileName is invalid\",\"code\":\"ValidationException\"}",
                "404|ResourceNotFoundException:http://internal.amazon.com/|{\"message\":\"no such profile\"}",
                "403|InvalidSignatureException|{\"message\":\"The request signature does not match\"}",
                "409|ConflictException|{\"Message\":\"upper-case message member\"}",
                "429|TooManyRequestsException|{}",
                "500|InternalServiceErrorException|{\"message\":\"An internal error occurred; request id r-1\"}",
                "503||not json at all",
            })
    void refusalsReadAsTheSdkClientReportsThem(int status, String errorType, String body) {
        respond(status, errorType, body);
        CliException ours = catchThrowableOfType(
                () -> new PayloadSigningClient(settings).signPayload("bench", new byte[32], "f"), CliException.class);
        CliException sdk;
        try (SignerApi api = SignerApi.open(settings)) {
            sdk = catchThrowableOfType(() -> api.signPayload("bench", new byte[32], "f"), CliException.class);
        }
        assertThat(ours.exitCode()).isEqualTo(sdk.exitCode());
        assertThat(ours.getMessage()).isEqualTo(sdk.getMessage());
        assertThat(ours.exitCode()).isEqualTo(status >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REJECTED);
    }

    @Test
    void aServerThatIsNotThereIsUnavailableAsWithTheSdk() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        ClientSettings nowhere =
                new ClientSettings(URI.create("http://127.0.0.1:" + port), "us-east-1", KEY, Path.of("."));
        CliException e =
                catchThrowableOfType(() -> new PayloadSigningClient(nowhere).getProfile("bench"), CliException.class);
        assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(e.getMessage())
                .isEqualTo("cannot reach Signet at http://127.0.0.1:" + port + ": is `signet server` running?");
    }

    @Test
    void aKeepAliveConnectionTheServerClosedIsRetriedOnceOnANewOne() throws IOException {
        String ok = "{\"jobId\":\"j\",\"signature\":\"AAAA\"}";
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: " + ok.length() + "\r\n\r\n" + ok;
        try (StubHttpServer stub = new StubHttpServer();
                PayloadSigningClient client =
                        new PayloadSigningClient(new ClientSettings(stub.endpoint(), "us-east-1", KEY, Path.of(".")))) {
            // the first answer closes the connection without saying so; the retry gets the second
            stub.answer(StubHttpServer.Answer.closing(answer), StubHttpServer.Answer.of(answer));

            assertThat(client.signPayload("bench", new byte[32], "f").jobId()).isEqualTo("j");
            assertThat(client.signPayload("bench", new byte[32], "f").jobId()).isEqualTo("j");

            assertThat(stub.accepted()).isEqualTo(2);
            assertThat(client.connectionsOpened()).isEqualTo(2);
        }
    }

    /**
     * The server read the request, then closed the kept-alive connection without a byte of answer
     * (it may have signed): the resend carries the same client token, so the server answers it with
     * the same job instead of signing again; the next file gets a token of its own.
     */
    @Test
    void theResendAfterAClosedConnectionCarriesTheSameClientToken() throws IOException {
        String ok = "{\"jobId\":\"j\",\"signature\":\"AAAA\"}";
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: " + ok.length() + "\r\n\r\n" + ok;
        try (StubHttpServer stub = new StubHttpServer();
                PayloadSigningClient client =
                        new PayloadSigningClient(new ClientSettings(stub.endpoint(), "us-east-1", KEY, Path.of(".")))) {
            stub.answer(
                    StubHttpServer.Answer.of(answer),
                    StubHttpServer.Answer.closing(""),
                    StubHttpServer.Answer.of(answer));

            client.signPayload("bench", new byte[32], "f");
            client.signPayload("bench", new byte[32], "f");

            List<String> tokens = stub.requests().stream()
                    .map(PayloadSigningClientTest::clientToken)
                    .toList();
            assertThat(tokens).hasSize(3);
            assertThat(tokens.get(1)).isEqualTo(tokens.get(2)).isNotEqualTo(tokens.get(0));
            assertThat(client.connectionsOpened()).isEqualTo(2);
        }
    }

    private static String clientToken(String request) {
        Matcher m =
                Pattern.compile("\"clientRequestToken\":\"([0-9a-f-]{36})\"").matcher(request);
        assertThat(m.find()).as(request).isTrue();
        return m.group(1);
    }

    @Test
    void aConnectionThatFailsMidResponseIsNotRetried() throws IOException {
        try (StubHttpServer stub = new StubHttpServer();
                PayloadSigningClient client =
                        new PayloadSigningClient(new ClientSettings(stub.endpoint(), "us-east-1", KEY, Path.of(".")))) {
            String ok = "{\"jobId\":\"j\",\"signature\":\"AAAA\"}";
            stub.answer(
                    StubHttpServer.Answer.of("HTTP/1.1 200 OK\r\nContent-Length: " + ok.length() + "\r\n\r\n" + ok),
                    StubHttpServer.Answer.closing("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"jobId\""));
            client.signPayload("bench", new byte[32], "f");

            // the reused connection failed after the answer began: the server may have signed, no retry
            CliException e =
                    catchThrowableOfType(() -> client.signPayload("bench", new byte[32], "f"), CliException.class);

            assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("cannot reach Signet at " + stub.endpoint());
            assertThat(client.connectionsOpened()).isEqualTo(1);
        }
    }

    @Test
    void malformedHttpIsUnavailableWithTheReason() throws IOException {
        try (StubHttpServer stub = new StubHttpServer();
                PayloadSigningClient client =
                        new PayloadSigningClient(new ClientSettings(stub.endpoint(), "us-east-1", KEY, Path.of(".")))) {
            stub.answer(StubHttpServer.Answer.closing("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"));

            CliException e =
                    catchThrowableOfType(() -> client.signPayload("bench", new byte[32], "f"), CliException.class);

            assertThat(e.exitCode()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("the server's response has a malformed Content-Length 'x'");
        }
    }

    @Test
    void escapesTheProfileNameAndFormatInTheRequest() {
        respond(200, null, "{\"jobId\":\"j\",\"signature\":\"AAAA\"}");

        new PayloadSigningClient(settings).signPayload("a\"b\\c\u0001", new byte[] {1}, "f\n");

        assertThat(received.get().body())
                .matches(Pattern.quote("{\"payload\":\"AQ==\",\"clientRequestToken\":\"") + "[0-9a-f-]{36}"
                        + Pattern.quote("\",\"payloadFormat\":\"f\\n\",\"profileName\":\"a\\\"b\\\\c\\u0001\"}"));
    }
}
