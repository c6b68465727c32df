package dev.signet.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.credentials.Credentials;
import dev.signet.cli.http.HttpRequest;
import dev.signet.cli.http.HttpResponse;
import dev.signet.cli.http.HttpSession;
import dev.signet.cli.http.ResponseTooLargeException;
import dev.signet.core.sigv4.SigV4;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls Signet's authenticated native API ({@code /v1/...}, SigV4 with the service name {@code
 * signet}) over the CLI's HTTP transport ({@link HttpSession}), signed with {@link SigV4Signer}. A
 * refusal becomes a one-line {@link CliException} with {@link ExitCode#REJECTED}; an unreachable or
 * failing server {@link ExitCode#UNAVAILABLE}.
 *
 * <p>Every body is covered by the signature (the server refuses {@code UNSIGNED-PAYLOAD} outside
 * S3). JSON bodies are signed with their SHA-256. A multipart upload is sent aws-chunked with a
 * signature per chunk ({@link SignedChunks}), so the file is read once, as it is sent, and never
 * buffered whole, here or on the server.
 */
public final class NativeApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE = 1 << 20;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 120_000;
    /** A large upload is verified after it arrived: its answer may take a while. */
    private static final int UPLOAD_READ_TIMEOUT_MS = 3_600_000;

    private final ClientSettings settings;
    private final SigV4Signer signer;
    private final Clock clock;

    public NativeApiClient(ClientSettings settings) {
        this(settings, Clock.systemUTC());
    }

    NativeApiClient(ClientSettings settings, Clock clock) {
        this.settings = settings;
        this.signer = new SigV4Signer(settings.credentials(), settings.region(), "signet");
        this.clock = clock;
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
    public JsonNode post(String path, Map<String, ?> body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot encode the request", e);
        }
        URI url = url(path);
        SigV4Signer.Signed signed = signer.sign(
                "POST",
                url.getRawPath(),
                HttpRequest.hostHeader(url),
                Map.of("content-type", "application/json"),
                SigV4.sha256Hex(json),
                clock.instant());
        List<Map.Entry<String, String>> headers = headers(signed);
        headers.add(Map.entry("Content-Type", "application/json"));
        return json(send(
                new HttpRequest("POST", url, headers, Optional.of(HttpRequest.Body.of(json))),
                READ_TIMEOUT_MS,
                MAX_RESPONSE));
    }

    /**
     * POSTs a streamed {@code multipart/form-data} body to {@code path}, aws-chunked with chunk
     * signatures, and returns the JSON response.
     */
    public JsonNode postMultipart(String path, MultipartBody body) {
        URI url = url(path);
        long decodedLength = body.length();
        long encodedLength = SignedChunks.encodedLength(decodedLength);
        SigV4Signer.Signed signed = signer.sign(
                "POST",
                url.getRawPath(),
                HttpRequest.hostHeader(url),
                Map.of(
                        "content-encoding", "aws-chunked",
                        "content-type", body.contentType(),
                        "content-length", Long.toString(encodedLength),
                        "x-amz-decoded-content-length", Long.toString(decodedLength)),
                SigV4.STREAMING_PAYLOAD,
                clock.instant());
        List<Map.Entry<String, String>> headers = headers(signed);
        headers.add(Map.entry("Content-Encoding", "aws-chunked"));
        headers.add(Map.entry("Content-Type", body.contentType()));
        headers.add(Map.entry("X-Amz-Decoded-Content-Length", Long.toString(decodedLength)));
        SigV4Signer.ChunkSignatures chunks = signer.chunks(signed);
        SignedChunks encoded = new SignedChunks(body::open, decodedLength, chunks::next);
        return json(send(
                new HttpRequest("POST", url, headers, Optional.of(encoded)), UPLOAD_READ_TIMEOUT_MS, MAX_RESPONSE));
    }

    /** GETs {@code path}; refuses a response larger than {@code maxBytes}. */
    public Download get(String path, int maxBytes) {
        URI url = url(path);
        SigV4Signer.Signed signed =
                signer.sign("GET", url.getRawPath(), HttpRequest.hostHeader(url), new byte[0], clock.instant());
        HttpResponse response = send(HttpRequest.of("GET", url, headers(signed)), READ_TIMEOUT_MS, maxBytes);
        return new Download(response.header("content-type"), response.body());
    }

    /** GETs {@code path} and returns its JSON object response. */
    public JsonNode getJson(String path) {
        return jsonObject(get(path, MAX_RESPONSE).body());
    }

    private URI url(String path) {
        URI url = settings.endpoint().resolve(path);
        if (url.getRawQuery() != null) {
            throw new IllegalArgumentException("a path without a query is expected: " + path);
        }
        return url;
    }

    private static List<Map.Entry<String, String>> headers(SigV4Signer.Signed signed) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Accept", "application/json"));
        headers.add(Map.entry("X-Amz-Date", signed.amzDate()));
        headers.add(Map.entry("X-Amz-Content-Sha256", signed.contentSha256()));
        headers.add(Map.entry("Authorization", signed.authorization()));
        signed.securityToken().ifPresent(token -> headers.add(Map.entry("X-Amz-Security-Token", token)));
        return headers;
    }

    private HttpResponse send(HttpRequest request, int readTimeoutMillis, int maxBytes) {
        HttpSession.Settings limits =
                new HttpSession.Settings(CONNECT_TIMEOUT_MS, readTimeoutMillis, Math.max(maxBytes, MAX_RESPONSE), 0);
        try (HttpSession http = new HttpSession(limits)) {
            HttpResponse response = http.send(request);
            if (response.status() != 200) {
                throw refusal(settings.credentials(), response.status(), response.body());
            }
            if (response.body().length > maxBytes) {
                throw new CliException(ExitCode.UNAVAILABLE, "the server's response is too large");
            }
            return response;
        } catch (ResponseTooLargeException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's response is too large", e);
        } catch (ConnectException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "cannot reach " + settings.endpoint(), e);
        } catch (IOException e) {
            throw new CliException(
                    ExitCode.UNAVAILABLE, "request to " + settings.endpoint() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The server's error response as one line: HTTP status, error code and message; a 5xx is the
     * server's failure, not a refusal of the request.
     */
    private static CliException refusal(Credentials credentials, int status, byte[] body) {
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
        if (!failed) {
            Optional<CliException> expired = ServerRefusal.expired(credentials, code, null);
            if (expired.isPresent()) {
                return expired.get();
            }
        }
        return new CliException(
                failed ? ExitCode.UNAVAILABLE : ExitCode.REJECTED,
                (failed ? "the server failed (" : "the server refused (") + status + " " + code + "): "
                        + message.replace('\n', ' ')
                        + (failed ? "" : ServerRefusal.hint(credentials, status, code)));
    }

    private static JsonNode json(HttpResponse response) {
        return jsonObject(response.body());
    }

    private static JsonNode jsonObject(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
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
