package dev.signet.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Calls Signet's authenticated native API ({@code /v1/...}, SigV4 with the service name {@code
 * signet}) with the SDK's own SigV4 signer. A refusal becomes a one-line {@link CliException} with
 * {@link ExitCode#REJECTED}; an unreachable or failing server {@link ExitCode#UNAVAILABLE}.
 *
 * <p>Every body is covered by the signature (the server refuses {@code UNSIGNED-PAYLOAD} outside
 * S3). JSON bodies are signed with their SHA-256. A multipart upload is sent aws-chunked with a
 * signature per chunk ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, the SDK signer's chunk encoding),
 * so the file is read once, as it is sent, and never buffered whole, here or on the server.
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

    /** A successful response's body and content type. */
    public record Download(Optional<String> contentType, byte[] body) {
        public Download {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** POSTs a JSON object to {@code path} and returns the JSON response. */
    public JsonNode post(String path, Map<String, String> body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot encode the request", e);
        }
        SdkHttpRequest signed = sign(SdkHttpMethod.POST, path, "application/json", json);
        return json(send(signed, HttpRequest.BodyPublishers.ofByteArray(json), Duration.ofMinutes(2), MAX_RESPONSE));
    }

    /**
     * POSTs a streamed {@code multipart/form-data} body to {@code path}, aws-chunked with chunk
     * signatures, and returns the JSON response.
     */
    public JsonNode postMultipart(String path, MultipartBody body) {
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(settings.endpoint().resolve(path))
                .putHeader("content-type", body.contentType())
                .putHeader("content-length", Long.toString(body.length()))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials())
                        .request(request)
                        .payload(body::open)
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region())
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true));
        long encodedLength = signed.request()
                .firstMatchingHeader("content-length")
                .map(Long::parseLong)
                .orElseThrow(() -> new IllegalStateException("the chunk-signed request has no length"));
        ContentStreamProvider encoded =
                signed.payload().orElseThrow(() -> new IllegalStateException("the chunk-signed request has no body"));
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(encoded::newStream), encodedLength);
        return json(send(signed.request(), publisher, Duration.ofHours(1), MAX_RESPONSE));
    }

    /** GETs {@code path}; refuses a response larger than {@code maxBytes}. */
    public Download get(String path, int maxBytes) {
        SdkHttpRequest signed = sign(SdkHttpMethod.GET, path, null, new byte[0]);
        return send(signed, HttpRequest.BodyPublishers.noBody(), Duration.ofMinutes(2), maxBytes);
    }

    /** Signs a request whose payload's SHA-256 is signed. */
    private SdkHttpRequest sign(SdkHttpMethod method, String path, String contentType, byte[] payload) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(method)
                .uri(settings.endpoint().resolve(path));
        if (contentType != null) {
            request.putHeader("content-type", contentType);
        }
        return AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials())
                        .request(request.build())
                        .payload(() -> new ByteArrayInputStream(payload))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region())
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true))
                .request();
    }

    private AwsBasicCredentials credentials() {
        return AwsBasicCredentials.create(settings.key().id(), settings.key().secret());
    }

    private Download send(SdkHttpRequest signed, HttpRequest.BodyPublisher body, Duration timeout, int maxBytes) {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
                .timeout(timeout)
                .method(signed.method().name(), body);
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                request.header(name, String.join(",", values));
            }
        });
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(Math.max(maxBytes, MAX_RESPONSE) + 1);
            }
            if (response.statusCode() != 200) {
                throw refusal(response.statusCode(), bytes);
            }
            if (bytes.length > maxBytes) {
                throw new CliException(ExitCode.UNAVAILABLE, "the server's response is too large");
            }
            return new Download(response.headers().firstValue("content-type"), bytes);
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

    /**
     * The server's error response as one line: HTTP status, error code and message; a 5xx is the
     * server's failure, not a refusal of the request.
     */
    private static CliException refusal(int status, byte[] body) {
        JsonNode node = null;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            // not a JSON error document: report the status alone
        }
        String code =
                node == null ? "" : node.path("code").asText(node.path("__type").asText(""));
        String message = node == null
                ? ""
                : node.path("message").asText(node.path("Message").asText(""));
        boolean failed = status >= 500;
        return new CliException(
                failed ? ExitCode.UNAVAILABLE : ExitCode.REJECTED,
                (failed ? "the server failed (" : "the server refused (") + status + " " + code + "): "
                        + message.replace('\n', ' '));
    }

    private static JsonNode json(Download download) {
        try {
            JsonNode node = JSON.readTree(download.body());
            if (node == null || !node.isObject()) {
                throw new CliException(ExitCode.UNAVAILABLE, "the server's response is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's response is not JSON", e);
        } catch (IOException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's response cannot be read", e);
        }
    }
}
