package dev.signet.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.signet.server.service.oidc.IssuerDocuments.IssuerUnreachableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpIssuerDocuments} against a JDK HTTP server on 127.0.0.1. */
class HttpIssuerDocumentsTest {
    HttpServer server;
    String base;
    final HttpIssuerDocuments documents = new HttpIssuerDocuments();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/ok", exchange -> {
            byte[] body = "{\"keys\": []}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/large", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[64 * 1024];
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 8; i++) {
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the client stopped reading
            }
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", base + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsA200Answer() throws Exception {
        assertThat(new String(documents.get(URI.create(base + "/ok")), StandardCharsets.UTF_8))
                .isEqualTo("{\"keys\": []}");
    }

    @Test
    void refusesRedirectsOtherStatusesLargeAnswersAndClosedPorts() {
        assertThatThrownBy(() -> documents.get(URI.create(base + "/moved")))
                .isInstanceOf(IssuerUnreachableException.class)
                .hasMessage("it answered HTTP 302");
        assertThatThrownBy(() -> documents.get(URI.create(base + "/absent")))
                .isInstanceOf(IssuerUnreachableException.class)
                .hasMessage("it answered HTTP 404");
        assertThatThrownBy(() -> documents.get(URI.create(base + "/large")))
                .isInstanceOf(IssuerUnreachableException.class)
                .hasMessage("its answer is larger than " + HttpIssuerDocuments.MAX_BYTES + " bytes");
        server.stop(0);
        assertThatThrownBy(() -> documents.get(URI.create(base + "/ok")))
                .isInstanceOf(IssuerUnreachableException.class)
                .hasMessageStartingWith("it cannot be reached");
    }
}
