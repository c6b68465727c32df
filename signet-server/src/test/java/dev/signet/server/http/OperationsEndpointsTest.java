package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * {@code GET /v1/health}, {@code GET /v1/ready} and {@code GET /metrics} on a real server: readiness
 * turns 503 naming the part when that part really fails (the database closed, the object store's
 * directory replaced by a file, the key directory gone), and the metrics count what was done,
 * labelled by operation, never by the names a caller chose.
 */
class OperationsEndpointsTest {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST = "application/vnd.signet.digest+sha256";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthAndReadyAnswerWhenEverythingWorks() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> health = get(server, "/v1/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");

            HttpResponse<String> ready = get(server, "/v1/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("ready");
            assertThat(body.get("parts").toString())
                    .isEqualTo("{\"database\":\"ok\",\"objectStore\":\"ok\",\"keyBackend\":\"ok\"}");
            assertThat(body.has("failing")).isFalse();
        }
    }

    @Test
    void readyNamesTheDatabaseOnceItIsClosed() throws Exception {
        try (TestServer server = TestServer.start()) {
            server.assembly().database().close();
            awaitNotReady(server, "database");
        }
    }

    @Test
    void readyNamesTheObjectStoreWhenItsDirectoryIsUnusable() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path tmp = server.dataDir().resolve("objects/tmp");
            deleteTree(tmp);
            // a file where the store writes: every write, and the probe, fail as they would on a lost disk
            Files.writeString(tmp, "not a directory");
            JsonNode body = awaitNotReady(server, "objectStore");
            assertThat(body.get("parts").get("database").asText()).isEqualTo("ok");
            assertThat(body.get("parts").get("keyBackend").asText()).isEqualTo("ok");
        }
    }

    @Test
    void readyNamesTheKeyBackendWhenItsKeysAreGone() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path keys = server.dataDir().resolve("keys");
            Path moved = server.dataDir().resolve("keys-moved");
            Files.move(keys, moved);
            JsonNode body = awaitNotReady(server, "keyBackend");
            assertThat(body.get("parts").get("objectStore").asText()).isEqualTo("ok");
            assertThat(metrics(server))
                    .contains("signet_key_backend_errors_total{backend=\"software\",operation=\"probe\"}");
            Files.move(moved, keys);
            awaitReady(server);
        }
    }

    @Test
    void metricsCountRequestsSignaturesAndJobsWithoutNames() throws Exception {
        try (TestServer server = TestServer.start();
                SignerClient signer = server.signer();
                S3Client s3 = server.s3()) {
            signer.putSigningProfile(b -> b.profileName("secret_team_profile").platformId(CMS));
            for (int i = 0; i < 3; i++) {
                signer.signPayload(b -> b.profileName("secret_team_profile")
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat(DIGEST));
            }
            s3.createBucket(b -> b.bucket("private-bucket-name"));
            s3.putObject(b -> b.bucket("private-bucket-name").key("hidden/key.bin"), RequestBody.fromString("x"));
            get(server, "/v1/no-such-route");
            get(server, "/v1/health");

            HttpResponse<String> response = get(server, "/metrics");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("text/plain; version=0.0.4");
            String text = response.body();
            assertThat(text)
                    .contains("# TYPE signet_http_request_duration_seconds histogram")
                    .contains(
                            "signet_http_request_duration_seconds_count{api=\"signer\",operation=\"SignPayload\",status=\"200\"} 3")
                    .contains(
                            "signet_http_request_duration_seconds_count{api=\"signer\",operation=\"PutSigningProfile\",status=\"200\"} 1")
                    .contains(
                            "signet_http_request_duration_seconds_count{api=\"s3\",operation=\"PutObject\",status=\"200\"} 1")
                    .contains(
                            "signet_http_request_duration_seconds_count{api=\"native\",operation=\"unknown\",status=\"404\"} 1")
                    .contains(
                            "signet_http_request_duration_seconds_count{api=\"native\",operation=\"GET:/v1/health\",status=\"200\"} 1")
                    .contains("signet_signing_duration_seconds_count{operation=\"SignPayload\",platform=\"" + CMS
                            + "\"} 3")
                    .contains("signet_signing_jobs_total{operation=\"SignPayload\",status=\"Succeeded\"} 3")
                    .contains("signet_signpayload_commit_batch_rows_count")
                    .contains("signet_signing_jobs_in_progress 0")
                    .contains("signet_signing_jobs_waiting 0")
                    .contains("signet_signing_jobs_claimed 0")
                    .contains("signet_db_pool_connections{state=\"max\"} 1")
                    .contains("signet_http_requests_in_flight 1")
                    .contains("jvm_memory_used_bytes")
                    .contains("process_cpu_seconds_total");
            assertThat(text).doesNotContain("secret_team_profile", "private-bucket-name", "hidden/key.bin");
            assertThat(text).doesNotContain(server.credentials().accessKeyId());
        }
    }

    private static JsonNode awaitNotReady(TestServer server, String part) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> ready;
        do {
            ready = get(server, "/v1/ready");
            if (ready.statusCode() == 503) {
                JsonNode body = JSON.readTree(ready.body());
                assertThat(body.get("status").asText()).isEqualTo("unavailable");
                assertThat(body.get("failing").toString()).isEqualTo("[\"" + part + "\"]");
                assertThat(body.get("parts").get(part).asText()).isEqualTo("failing");
                return body;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still ready 10 s after " + part + " failed: " + ready.body());
    }

    private static void awaitReady(TestServer server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> ready;
        do {
            ready = get(server, "/v1/ready");
            if (ready.statusCode() == 200) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not ready again within 10 s: " + ready.body());
    }

    private static String metrics(TestServer server) throws Exception {
        return get(server, "/metrics").body();
    }

    private static HttpResponse<String> get(TestServer server, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.server().port() + path);
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
