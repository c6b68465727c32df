package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.format.Subject;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Asks POST /v1/verify, signed with SigV4 for the service {@code signet} at real time (the service
 * clock may be elsewhere): a file goes up as a multipart upload (part {@code artifact}, and part
 * {@code signature} when detached), a digest or a payload as JSON.
 */
public final class OnlineGate {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestServer server;

    public OnlineGate(TestServer server) {
        this.server = server;
    }

    /** The decision for {@code sample} under the code signing config {@code cscArn}. */
    Outcome decide(Sample sample, String cscArn) {
        return decide(sample, JSON.createObjectNode().put("codeSigningConfigArn", cscArn));
    }

    /** The decision for {@code sample} under the inline {@code policy} (Lambda's JSON shape). */
    public Outcome decideInline(Sample sample, JsonNode policy) {
        ObjectNode request = JSON.createObjectNode();
        request.set("policy", policy);
        return decide(sample, request);
    }

    private Outcome decide(Sample sample, ObjectNode request) {
        byte[] body;
        String contentType;
        if (sample.subject() instanceof Subject.File file) {
            String boundary = "matrix" + UUID.randomUUID().toString().replace("-", "");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            part(
                    out,
                    boundary,
                    "request",
                    null,
                    "application/json",
                    request.toString().getBytes(StandardCharsets.UTF_8));
            part(
                    out,
                    boundary,
                    "artifact",
                    file.path().getFileName().toString(),
                    "application/octet-stream",
                    read(file));
            if (sample.signature().length > 0) {
                part(out, boundary, "signature", "signature", "application/octet-stream", sample.signature());
            }
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            body = out.toByteArray();
            contentType = "multipart/form-data; boundary=" + boundary;
        } else {
            ObjectNode subject = request.putObject("subject");
            if (sample.subject() instanceof Subject.Digest digest) {
                subject.putObject("digest")
                        .put("algorithm", digest.algorithm().awsName())
                        .put("value", Base64.getEncoder().encodeToString(digest.value()));
            } else {
                Subject.Payload payload = (Subject.Payload) sample.subject();
                subject.putObject("payload")
                        .put("mediaType", payload.mediaType())
                        .put("value", Base64.getEncoder().encodeToString(payload.bytes()));
            }
            if (sample.signature().length > 0) {
                request.put("signature", Base64.getEncoder().encodeToString(sample.signature()));
            }
            body = request.toString().getBytes(StandardCharsets.UTF_8);
            contentType = "application/json";
        }
        try {
            HttpResponse<String> response = RawRequests.signedSend(
                    "POST",
                    server.endpoint().resolve("/v1/verify"),
                    NativeApi.SIGNING_NAME,
                    server.credentials(),
                    Clock.systemUTC(),
                    body,
                    Map.of("content-type", contentType));
            assertThat(response.statusCode())
                    .as("a decision, even BLOCK, is a 200: %s", response.body())
                    .isEqualTo(200);
            JsonNode json = JSON.readTree(response.body());
            return Outcome.of(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void part(
            ByteArrayOutputStream out, String boundary, String name, String filename, String type, byte[] content) {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: " + type
                + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] read(Subject.File file) {
        try {
            return Files.readAllBytes(file.path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
