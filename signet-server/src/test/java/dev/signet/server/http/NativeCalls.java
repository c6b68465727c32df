package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

/**
 * Native API requests ({@code /v1/...}) signed with a test server's admin credentials at real time,
 * and the check that one answered 200 with JSON.
 */
public final class NativeCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeCalls() {}

    /** {@code POST path} with {@code body} as JSON. */
    public static HttpResponse<String> post(TestServer server, String path, Object body)
            throws IOException, InterruptedException {
        return RawRequests.signedSend(
                "POST",
                server.endpoint().resolve(path),
                NativeApi.SIGNING_NAME,
                server.credentials(),
                Clock.systemUTC(),
                JSON.writeValueAsBytes(body),
                Map.of("content-type", "application/json"));
    }

    /** {@code GET path}. */
    public static HttpResponse<String> get(TestServer server, String path) throws IOException, InterruptedException {
        return RawRequests.signedSend(
                "GET",
                server.endpoint().resolve(path),
                NativeApi.SIGNING_NAME,
                server.credentials(),
                Clock.systemUTC(),
                new byte[0],
                Map.of());
    }

    /** The JSON body of {@code response}, which must be a 200 (its body is the failure's message). */
    public static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
