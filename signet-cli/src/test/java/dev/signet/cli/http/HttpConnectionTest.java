package dev.signet.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.http.StubHttpServer.Answer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The keep-alive transport against a loopback stub that answers with exact bytes: every framing it
 * accepts, every malformed or oversized answer refused cleanly (and the connection dropped), reuse of
 * one connection, and a connection the server closed while idle reported as stale.
 */
class HttpConnectionTest {
    private static final byte[] REQUEST =
            "GET /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_BODY = 64;

    private StubHttpServer stub;
    private HttpConnection connection;

    @BeforeEach
    void start() throws IOException {
        stub = new StubHttpServer();
        connection = connectionTo(stub.endpoint());
    }

    @AfterEach
    void stop() throws IOException {
        connection.close();
        stub.close();
    }

    private static HttpConnection connectionTo(URI endpoint) {
        return new HttpConnection(
                endpoint, 5_000, 10_000, MAX_BODY, () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTP/1.1 200 OK\\r\\nContent-Length: 5\\r\\n\\r\\nhello|200|hello|true",
                "HTTP/1.1 200 OK\\r\\ncontent-length:5\\r\\nContent-Length: 5\\r\\n\\r\\nhello|200|hello|true",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nhel\\r\\n2;ext=1\\r\\nlo\\r\\n0\\r\\nX-T: 1\\r\\n\\r\\n|200|hello|true",
                "HTTP/1.1 404 Not Found\\r\\nX-Amzn-ErrorType: ResourceNotFoundException\\r\\nContent-Length: 2\\r\\n\\r\\n{}|404|{}|true",
                "HTTP/1.1 100 Continue\\r\\n\\r\\nHTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok|200|ok|true",
                "HTTP/1.1 204 No Content\\r\\n\\r\\n|204||true",
                "HTTP/1.1 200 OK\\r\\nConnection: close\\r\\nContent-Length: 2\\r\\n\\r\\nok|200|ok|false",
                "HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok|200|ok|false",
                "HTTP/1.1 200\\nContent-Length: 2\\n\\nok|200|ok|true",
            })
    void readsEveryFramingItAccepts(String raw, int status, String body, boolean keptOpen) throws IOException {
        stub.answer(Answer.of(unescape(raw)));

        HttpResponse response = connection.exchange(REQUEST);

        assertThat(response.status()).isEqualTo(status);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(body == null ? "" : body);
        assertThat(connection.isOpen()).isEqualTo(keptOpen);
        if (status == 404) {
            assertThat(response.errorType()).hasValue("ResourceNotFoundException");
        }
    }

    @Test
    void readsABodyDelimitedByTheEndOfTheStream() throws IOException {
        stub.answer(Answer.closing("HTTP/1.1 200 OK\r\n\r\nuntil the end"));

        HttpResponse response = connection.exchange(REQUEST);

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("until the end");
        assertThat(connection.isOpen()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "SSH-2.0-OpenSSH\\r\\n\\r\\n|is not HTTP/1.1",
                "HTTP/2 200\\r\\n\\r\\n|is not HTTP/1.1",
                "HTTP/1.1 20x OK\\r\\n\\r\\n|is not HTTP/1.1",
                "HTTP/1.1 700 Odd\\r\\n\\r\\n|is not HTTP/1.1",
                "HTTP/1.1 2000 OK\\r\\n\\r\\n|is not HTTP/1.1",
                "HTTP/1.1 200 OK\\r\\nno colon here\\r\\n\\r\\n|malformed header line",
                "HTTP/1.1 200 OK\\r\\n folded: header\\r\\n\\r\\n|malformed header line",
                "HTTP/1.1 200 OK\\r\\nName : value\\r\\n\\r\\n|malformed header line",
                "HTTP/1.1 200 OK\\r\\nContent-Length: -1\\r\\n\\r\\n|malformed Content-Length",
                "HTTP/1.1 200 OK\\r\\nContent-Length: 1e3\\r\\n\\r\\n|malformed Content-Length",
                "HTTP/1.1 200 OK\\r\\nContent-Length: 99999999999999999999\\r\\n\\r\\n|malformed Content-Length",
                "HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\nabc|conflicting Content-Length",
                "HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n|both Content-Length and Transfer-Encoding",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip\\r\\n\\r\\n|unsupported Transfer-Encoding",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n0\\r\\n\\r\\n|unsupported Transfer-Encoding",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n|malformed chunk size",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-1\\r\\n|malformed chunk size",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nFFFFFFFF\\r\\n|malformed chunk size",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n2\\r\\nabc\\r\\n0\\r\\n\\r\\n|chunk longer than its size",
                "HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n41\\r\\n|is larger than 64 bytes",
                "HTTP/1.1 200 OK\\r\\nContent-Length: 65\\r\\n\\r\\n|is larger than 64 bytes",
            })
    void refusesMalformedAnswersAndDropsTheConnection(String raw, String reason) {
        stub.answer(Answer.of(unescape(raw)));

        assertThatThrownBy(() -> connection.exchange(REQUEST))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining(reason);
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void refusesOverlongLinesTooManyHeadersAndEndlessInterimResponses() {
        String longLine = "HTTP/1.1 200 OK\r\nX: " + "a".repeat(HttpResponseReader.MAX_LINE) + "\r\n\r\n";
        String manyHeaders = "HTTP/1.1 200 OK\r\n" + "X: y\r\n".repeat(HttpResponseReader.MAX_HEADERS + 1) + "\r\n";
        String interims = "HTTP/1.1 100 Continue\r\n\r\n".repeat(HttpResponseReader.MAX_INTERIM + 1)
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        String unbounded = "HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(MAX_BODY + 1);
        for (String[] c : new String[][] {
            {longLine, "line longer than"},
            {manyHeaders, "more than 100 headers"},
            {interims, "too many interim"},
            {unbounded, "is larger than 64 bytes"},
        }) {
            stub.answer(Answer.closing(c[0]));
            assertThatThrownBy(() -> connection.exchange(REQUEST))
                    .as(c[1])
                    .isInstanceOf(MalformedResponseException.class)
                    .hasMessageContaining(c[1]);
            assertThat(connection.isOpen()).isFalse();
        }
    }

    @Test
    void aTruncatedAnswerIsAnIoErrorNotAResponse() {
        stub.answer(Answer.closing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));

        assertThatThrownBy(() -> connection.exchange(REQUEST))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpConnection.StaleConnectionException.class)
                .hasMessageContaining("mid-response");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void keepsOneConnectionForManyRequests() throws IOException {
        for (int i = 0; i < 5; i++) {
            stub.answer(Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n" + i));
            assertThat(connection.exchange(REQUEST).body()).containsExactly('0' + i);
        }
        assertThat(stub.accepted()).isEqualTo(1);
        assertThat(connection.served()).isEqualTo(5);
    }

    @Test
    void aConnectionClosedWhileIdleIsStaleAndANewOneWorks() throws IOException {
        stub.answer(Answer.closing("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        connection.exchange(REQUEST);
        assertThat(connection.isOpen()).as("no Connection: close was sent").isTrue();

        assertThatThrownBy(() -> connection.exchange(REQUEST))
                .isInstanceOf(HttpConnection.StaleConnectionException.class)
                .hasMessage("the connection was closed");
        assertThat(connection.isOpen()).isFalse();

        stub.answer(Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        assertThat(connection.exchange(REQUEST).status()).isEqualTo(200);
        assertThat(stub.accepted()).isEqualTo(2);
    }

    @Test
    void aReadTimeoutOnAReusedConnectionIsNotStale() throws IOException {
        try (HttpConnection quick = new HttpConnection(
                stub.endpoint(), 5_000, 300, MAX_BODY, () -> (SSLSocketFactory) SSLSocketFactory.getDefault())) {
            stub.answer(Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
            quick.exchange(REQUEST);

            // no answer queued: the stub keeps the connection open and silent
            assertThatThrownBy(() -> quick.exchange(REQUEST))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("Read timed out");
            assertThat(quick.isOpen()).isFalse();
        }
    }

    @Test
    void aServerThatIsNotThereIsAConnectError() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (HttpConnection nowhere = connectionTo(URI.create("http://127.0.0.1:" + port))) {
            assertThatThrownBy(() -> nowhere.exchange(REQUEST))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Connection refused");
        }
    }

    @Test
    void anHttpsEndpointIsSpokenToOverTlsAndAPlainServerFailsTheHandshake() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException ignored) {
                    // the client gave up first
                }
            });
            answer.setDaemon(true);
            answer.start();
            try (HttpConnection tls = connectionTo(URI.create("https://127.0.0.1:" + plain.getLocalPort()))) {
                assertThatThrownBy(() -> tls.exchange(REQUEST))
                        .isInstanceOf(SSLException.class)
                        .hasMessageContaining("Unsupported or unrecognized SSL message");
                assertThat(tls.isOpen()).isFalse();
            }
            answer.join(10_000);
        }
    }

    @Test
    void aServerThatRefusesBeforeReadingAStreamedBodyHasItsAnswerRead() throws Exception {
        String refusal = "HTTP/1.1 403 Forbidden\r\nX-Amzn-ErrorType: AccessDeniedException\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    // read the head only, answer, and reset the connection with the body unread
                    byte[] head = new byte[64];
                    s.getInputStream().read(head);
                    s.getOutputStream().write(refusal.getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    Thread.sleep(200);
                    s.setSoLinger(true, 0);
                } catch (IOException | InterruptedException ignored) {
                    // the test fails on its own assertion
                }
            });
            answer.setDaemon(true);
            answer.start();
            URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/verify");
            HttpRequest upload =
                    new HttpRequest("POST", url, List.of(), Optional.of(HttpRequest.Body.of(new byte[64 << 20])));
            try (HttpConnection c = new HttpConnection(url, 5_000, 10_000, MAX_BODY, () -> null, null)) {
                HttpResponse response = c.exchange(upload);

                assertThat(response.status()).isEqualTo(403);
                assertThat(response.errorType()).hasValue("AccessDeniedException");
                assertThat(c.isOpen()).isFalse();
            }
            answer.join(10_000);
        }
    }

    @Test
    void aFailingBodySourceFailsTheRequestAsItIs() throws IOException {
        HttpRequest.Body failing = new HttpRequest.Body() {
            @Override
            public long length() {
                return 10;
            }

            @Override
            public void writeTo(java.io.OutputStream out) throws IOException {
                out.write(new byte[5]);
                throw new IOException("f.bin changed size while it was being sent");
            }

            @Override
            public boolean repeatable() {
                return false;
            }
        };
        HttpRequest request = new HttpRequest("POST", stub.endpoint().resolve("/x"), List.of(), Optional.of(failing));

        assertThatThrownBy(() -> connection.exchange(request))
                .isNotInstanceOf(HttpConnection.StaleConnectionException.class)
                .hasMessage("f.bin changed size while it was being sent");
        assertThat(connection.isOpen()).isFalse();
    }

    @Test
    void anHttpProxyIsPassedThroughWithConnect() throws Exception {
        stub.answer(Answer.of("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        try (ConnectProxy proxy = new ConnectProxy()) {
            ProxySelector selector = ProxySelector.of(proxy.address());
            try (HttpConnection viaProxy =
                    new HttpConnection(stub.endpoint(), 5_000, 10_000, MAX_BODY, () -> null, selector)) {
                HttpResponse response = viaProxy.exchange(REQUEST);

                assertThat(new String(response.body(), StandardCharsets.US_ASCII))
                        .isEqualTo("ok");
            }
            assertThat(proxy.requests())
                    .singleElement()
                    .asString()
                    .startsWith("CONNECT 127.0.0.1:" + stub.endpoint().getPort() + " HTTP/1.1");
        }
    }

    @Test
    void onlyHttpAndHttpsUrlsAreAccepted() {
        assertThatThrownBy(() -> connectionTo(URI.create("ftp://127.0.0.1:21")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an http or https URL is expected: ftp://127.0.0.1:21");
    }

    private static String unescape(String csv) {
        return csv.replace("\\r", "\r").replace("\\n", "\n");
    }
}
