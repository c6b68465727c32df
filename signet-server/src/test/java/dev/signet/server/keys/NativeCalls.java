package dev.signet.server.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;

/** Native API requests ({@code /v1/...}) signed with the test server's admin credentials at real time. */
final class NativeCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NativeCalls() {}

    /** {@code POST path} with {@code body} as JSON. */
    static HttpResponse<String> post(TestServer server, String path, Object body) throws Exception {
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
    static HttpResponse<String> get(TestServer server, String path) throws Exception {
        return RawRequests.signedSend(
                "GET",
                server.endpoint().resolve(path),
                NativeApi.SIGNING_NAME,
                server.credentials(),
                Clock.systemUTC(),
                new byte[0],
                Map.of());
    }
}
