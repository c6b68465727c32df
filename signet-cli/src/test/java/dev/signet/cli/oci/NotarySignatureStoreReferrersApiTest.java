package dev.signet.cli.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.signet.core.format.notation.OciDescriptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The referrers-API path of {@link NotarySignatureStore} against a tiny in-process fake registry
 * that answers manifest PUTs with {@code OCI-Subject} and serves {@code /referrers/}: no tag-schema
 * tag is written and signatures are found through the API. (The tag-schema path runs against the
 * real docker-registry in {@link ImageSignVerifyRegistryTest}.)
 */
class NotarySignatureStoreReferrersApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v2/demo/app/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath().substring("/v2/demo/app/".length());
        byte[] body = x.getRequestBody().readAllBytes();
        String method = x.getRequestMethod();
        if (path.equals("blobs/uploads/") && method.equals("POST")) {
            x.getResponseHeaders().add("Location", "/v2/demo/app/blobs/uploads/u1");
            reply(x, 202, new byte[0]);
        } else if (path.equals("blobs/uploads/u1") && method.equals("PUT")) {
            blobs.put(x.getRequestURI().getQuery().substring("digest=".length()), body);
            reply(x, 201, new byte[0]);
        } else if (path.startsWith("blobs/")) {
            byte[] blob = blobs.get(path.substring(6));
            reply(x, blob == null ? 404 : 200, method.equals("HEAD") || blob == null ? new byte[0] : blob);
        } else if (path.startsWith("manifests/") && method.equals("PUT")) {
            String ref = path.substring(10);
            manifests.put(ref, body);
            types.put(ref, x.getRequestHeaders().getFirst("Content-Type"));
            JsonNode subject = JSON.readTree(body).path("subject");
            if (!subject.isMissingNode()) {
                x.getResponseHeaders().add("OCI-Subject", subject.path("digest").asText());
            }
            reply(x, 201, new byte[0]);
        } else if (path.startsWith("manifests/")) {
            byte[] m = manifests.get(path.substring(10));
            if (m != null) {
                x.getResponseHeaders().add("Content-Type", types.get(path.substring(10)));
            }
            reply(x, m == null ? 404 : 200, m == null ? new byte[0] : m);
        } else if (path.startsWith("referrers/")) {
            ObjectNode index =
                    JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", RegistryClient.OCI_INDEX);
            ArrayNode list = index.putArray("manifests");
            for (Map.Entry<String, byte[]> e : manifests.entrySet()) {
                JsonNode m = JSON.readTree(e.getValue());
                if (m.path("subject").path("digest").asText().equals(path.substring(10))
                        && e.getKey().startsWith("sha256:")) {
                    list.addObject()
                            .put("mediaType", RegistryClient.OCI_MANIFEST)
                            .put("digest", e.getKey())
                            .put("size", e.getValue().length)
                            .put("artifactType", m.path("artifactType").asText());
                }
            }
            x.getResponseHeaders().add("Content-Type", RegistryClient.OCI_INDEX);
            reply(x, 200, index.toString().getBytes(StandardCharsets.UTF_8));
        } else {
            reply(x, 404, new byte[0]);
        }
    }

    private static void reply(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    @Test
    void pushesWithoutATagAndFindsThroughTheReferrersApi() {
        String digest = "sha256:" + "c3".repeat(32);
        ImageReference ref = ImageReference.parse(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/demo/app@" + digest, false);
        NotarySignatureStore store =
                new NotarySignatureStore(new RegistryClient(ref, Optional.empty(), Optional.empty()));
        OciDescriptor image = new OciDescriptor(RegistryClient.OCI_MANIFEST, digest, 321);
        byte[] envelope = "{\"not\":\"checked here\"}".getBytes(StandardCharsets.UTF_8);

        NotarySignatureStore.Pushed pushed = store.push(image, envelope);

        assertThat(pushed.referrersApi()).isTrue();
        assertThat(manifests).doesNotContainKey(NotarySignatureStore.tagSchemaTag(digest));
        List<NotarySignatureStore.Found> found = store.find(image);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).manifestDigest()).isEqualTo(pushed.manifestDigest());
        assertThat(found.get(0).subject()).contains(image);
        assertThat(found.get(0).envelope()).get().isEqualTo(envelope);
    }
}
