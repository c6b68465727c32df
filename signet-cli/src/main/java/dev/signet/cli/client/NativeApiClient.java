package dev.signet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * Calls Signet's authenticated native API ({@code /v1/...}, SigV4 with the service name {@code
 * signet}) with the SDK's own SigV4 signer. A refusal becomes a one-line {@link CliException} with
 * {@link ExitCode#REJECTED}; an unreachable server {@link ExitCode#UNAVAILABLE}.
 */
public final class NativeApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE = 1 << 20;

    private final ClientSettings settings;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public NativeApiClient(ClientSettings settings) {
        this.settings = settings;
    }

    /** POSTs a JSON object to {@code path} and returns the JSON response. */
    public JsonNode post(String path, Map<String, String> body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot encode the request", e);
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsBasicCredentials.create(
                                settings.key().id(), settings.key().secret()))
                        .request(SdkHttpFullRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(settings.endpoint().resolve(path))
                                .putHeader("content-type", "application/json")
                                .build())
                        .payload(() -> new ByteArrayInputStream(json))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region())
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true))
                .request();
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                request.header(name, String.join(",", values));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.body().length > MAX_RESPONSE) {
                throw new CliException(ExitCode.UNAVAILABLE, "the server's response is too large");
            }
            JsonNode node = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                String message = node == null ? "" : node.path("message").asText("");
                throw new CliException(
                        response.statusCode() >= 500 ? ExitCode.UNAVAILABLE : ExitCode.REJECTED,
                        "the server refused (" + response.statusCode() + " "
                                + (node == null ? "" : node.path("code").asText("")) + "): " + message);
            }
            return node;
        } catch (ConnectException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "cannot reach " + settings.endpoint(), e);
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.UNAVAILABLE, "request to " + settings.endpoint() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.INTERNAL, "interrupted", e);
        }
    }
}
