package dev.signet.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.http.StubHttpServer.Answer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The session over the keep-alive transport, against loopback stubs that answer with exact bytes:
 * redirects as the JDK's client follows them ({@code Redirect.NORMAL}), credentials kept to their
 * origin, one connection per origin, {@code HEAD} answers without a body, and what a request may not
 * carry.
 */
class HttpSessionTest {
    private static final HttpSession.Settings SETTINGS = new HttpSession.Settings(5_000, 10_000, 1 << 16, 5);

    private StubHttpServer stub;
    private StubHttpServer other;
    private HttpSession session;

    @BeforeEach
    void start() throws IOException {
        stub = new StubHttpServer();
        other = new StubHttpServer();
        session = new HttpSession(SETTINGS, () -> null, null);
    }

    @AfterEach
    void stop() throws IOException {
        session.close();
        stub.close();
        other.close();
    }

    private URI url(StubHttpServer server, String path) {
        return URI.create(server.endpoint() + path);
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Test
    void followsARedirectOnTheSameConnectionAndKeepsTheCredentials() throws IOException {
        stub.answer(
                Answer.of("HTTP/1.1 307 Temporary Redirect\r\nLocation: /b?x=1#frag\r\nContent-Length: 0\r\n\r\n"),
                Answer.of(ok("moved")));

        HttpResponse r = session.send(HttpRequest.of(
                "GET", url(stub, "/a"), HttpRequest.headers("Authorization", "Basic dTpw", "Accept", "x/y")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("moved");
        assertThat(stub.accepted()).isEqualTo(1);
        assertThat(stub.requests().get(1))
                .startsWith("GET /b?x=1 HTTP/1.1\r\n")
                .contains("Authorization: Basic dTpw\r\n", "Accept: x/y\r\n");
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherOrigin() throws IOException {
        stub.answer(
                Answer.of("HTTP/1.1 302 Found\r\nLocation: " + url(other, "/blob") + "\r\nContent-Length: 0\r\n\r\n"));
        other.answer(Answer.of(ok("blob")));

        HttpResponse r = session.send(
                HttpRequest.of("GET", url(stub, "/v2/r/blobs/x"), HttpRequest.headers("Authorization", "Basic dTpw")));

        assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("blob");
        assertThat(other.requests()).singleElement().asString().doesNotContainIgnoringCase("authorization");
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303})
    void aPostRedirectedBy301To303BecomesAGetWithoutBody(int status) throws IOException {
        stub.answer(
                Answer.of("HTTP/1.1 " + status + " Moved\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n"),
                Answer.of(ok("done")));
        byte[] body = "payload".getBytes(StandardCharsets.US_ASCII);

        session.send(new HttpRequest(
                "POST",
                url(stub, "/first"),
                HttpRequest.headers("Content-Type", "text/plain"),
                Optional.of(HttpRequest.Body.of(body))));

        assertThat(stub.requests().get(0)).startsWith("POST /first ").endsWith("payload");
        assertThat(stub.requests().get(1))
                .startsWith("GET /next HTTP/1.1\r\n")
                .doesNotContain("payload", "Content-Type");
    }

    @Test
    void a307KeepsTheMethodAndTheBody() throws IOException {
        stub.answer(
                Answer.of("HTTP/1.1 307 Moved\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n"),
                Answer.of("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));

        HttpResponse r = session.send(new HttpRequest(
                "PUT", url(stub, "/first"), List.of(), Optional.of(HttpRequest.Body.of(new byte[] {'x'}))));

        assertThat(r.status()).isEqualTo(201);
        assertThat(stub.requests().get(1)).startsWith("PUT /next HTTP/1.1\r\n").endsWith("x");
    }

    @Test
    void aBodyThatCannotBeSentAgainEndsTheChainWithTheRedirect() throws IOException {
        stub.answer(Answer.of("HTTP/1.1 307 Moved\r\nLocation: /next\r\nContent-Length: 0\r\n\r\n"));

        HttpResponse r = session.send(
                new HttpRequest("POST", url(stub, "/first"), List.of(), Optional.of(onceOnly(new byte[] {'x'}))));

        assertThat(r.status()).isEqualTo(307);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void redirectsStopAtTheLimitAndUnusableLocationsAreNotFollowed() throws IOException {
        for (int i = 0; i < 6; i++) {
            stub.answer(Answer.of("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n"));
        }
        assertThat(session.send(HttpRequest.of("GET", url(stub, "/loop"), List.of()))
                        .status())
                .isEqualTo(302);
        assertThat(stub.requests()).hasSize(6);

        for (String location : List.of("ftp://host/x", "http://user:pw@127.0.0.1:1/x", "http://[bad")) {
            stub.answer(Answer.of("HTTP/1.1 302 Found\r\nLocation: " + location + "\r\nContent-Length: 0\r\n\r\n"));
            assertThat(session.send(HttpRequest.of("GET", url(stub, "/x"), List.of()))
                            .status())
                    .as(location)
                    .isEqualTo(302);
        }
    }

    @Test
    void withoutRedirectsEveryResponseComesBackAsItIs() throws IOException {
        try (HttpSession plain =
                new HttpSession(new HttpSession.Settings(5_000, 10_000, 1 << 16, 0), () -> null, null)) {
            stub.answer(Answer.of("HTTP/1.1 301 Moved\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"));
            assertThat(plain.send(HttpRequest.of("GET", url(stub, "/a"), List.of()))
                            .status())
                    .isEqualTo(301);
        }
    }

    @Test
    void aHeadAnswerHasNoBodyWhateverItsLengthAndTheConnectionCarriesOn() throws IOException {
        stub.answer(
                Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\nDocker-Content-Digest: sha256:ab\r\n\r\n"),
                Answer.of(ok("next")));

        HttpResponse head = session.send(HttpRequest.of("HEAD", url(stub, "/blob"), List.of()));
        HttpResponse next = session.send(HttpRequest.of("GET", url(stub, "/next"), List.of()));

        assertThat(head.body()).isEmpty();
        assertThat(head.header("docker-content-digest")).hasValue("sha256:ab");
        assertThat(new String(next.body(), StandardCharsets.US_ASCII)).isEqualTo("next");
        assertThat(stub.accepted()).isEqualTo(1);
    }

    @Test
    void aResponseOverTheLimitIsRefusedAsTooLarge() {
        stub.answer(Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 70000\r\n\r\n"));
        assertThatThrownBy(() -> session.send(HttpRequest.of("GET", url(stub, "/big"), List.of())))
                .isInstanceOf(ResponseTooLargeException.class)
                .hasMessage("is larger than 65536 bytes");
    }

    @Test
    void aRequestCannotSmuggleHeadersOrChooseItsFraming() {
        URI url = URI.create("http://127.0.0.1:1/x");
        for (String[] header : new String[][] {
            {"X-A", "v\r\nX-Injected: 1"},
            {"X-A", "v\nX"},
            {"X-A", "v\u0000"},
            {"Bad Name", "v"},
            {"Host", "elsewhere"},
            {"Content-Length", "5"},
            {"X-A", "\u20ac"}
        }) {
            assertThatThrownBy(() -> HttpRequest.of("GET", url, HttpRequest.headers(header)))
                    .as(header[0])
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> HttpRequest.of("G ET", url, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpRequest.of("GET", URI.create("ftp://h/x"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpRequest.of("GET", URI.create("http://u:p@h/x"), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHostHeaderLeavesOutTheSchemesDefaultPort() {
        assertThat(HttpRequest.hostHeader(URI.create("http://h:80/x"))).isEqualTo("h");
        assertThat(HttpRequest.hostHeader(URI.create("https://h:443"))).isEqualTo("h");
        assertThat(HttpRequest.hostHeader(URI.create("https://h:80"))).isEqualTo("h:80");
        assertThat(HttpRequest.hostHeader(URI.create("http://[::1]:8080/"))).isEqualTo("[::1]:8080");
        String head = new String(
                HttpRequest.of("POST", URI.create("http://h:8080/a%20b?q=1"), HttpRequest.headers("X-A", "1"))
                        .head(),
                StandardCharsets.ISO_8859_1);
        assertThat(head).isEqualTo("POST /a%20b?q=1 HTTP/1.1\r\nHost: h:8080\r\nX-A: 1\r\nContent-Length: 0\r\n\r\n");
    }

    private static HttpRequest.Body onceOnly(byte[] bytes) {
        return new HttpRequest.Body() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(bytes);
            }

            @Override
            public boolean repeatable() {
                return false;
            }
        };
    }
}
