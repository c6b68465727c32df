package dev.signet.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.server.http.auth.SigV4;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The two Signer API calls of {@code signet sign FILE...} (GetSigningProfile once, SignPayload per
 * file) as plain restJson1 requests over {@link HttpURLConnection} (persistent connections, reused
 * from the JDK's keep-alive cache) signed with {@link SigV4Signer}: the routes and JSON members the AWS
 * SDK's {@code SignerClient} sends, at a fraction of its CPU per call and of its start-up; errors are
 * reported exactly as {@link SignerApi} reports them ({@link ServerRefusal}, {@link Unreachable}).
 * Thread-safe: each call uses its own connection. Bounded: 5 s to connect, 2 min per response, at
 * most 1 MiB of response body.
 */
public final class PayloadSigningClient {
    static final int MAX_RESPONSE = 1 << 20;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 120_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String basePath;
    private final String host;
    private final SigV4Signer signer;
    private final Clock clock;

    public PayloadSigningClient(ClientSettings settings) {
        this(settings, Clock.systemUTC());
    }

    PayloadSigningClient(ClientSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        this.endpoint = settings.endpoint();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int port = endpoint.getPort();
        boolean defaultPort = port == -1
                || ("http".equalsIgnoreCase(endpoint.getScheme()) && port == 80)
                || ("https".equalsIgnoreCase(endpoint.getScheme()) && port == 443);
        this.host = endpoint.getHost() + (defaultPort ? "" : ":" + port);
        this.signer = new SigV4Signer(settings.key(), settings.region(), "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** GetSigningProfile. */
    public ProfileView getProfile(String name) {
        JsonNode r = exchange("GET", "/signing-profiles/" + SigV4.uriEncode(name, false), null);
        JsonNode period = r.path("signatureValidityPeriod");
        return new ProfileView(
                text(r, "profileName").orElse(name),
                text(r, "arn"),
                text(r, "profileVersion"),
                text(r, "profileVersionArn"),
                text(r, "platformId"),
                text(r, "platformDisplayName"),
                text(r, "status"),
                text(r, "statusReason"),
                period.path("value").isInt() ? Optional.of(period.get("value").intValue()) : Optional.empty(),
                text(period, "type"));
    }

    /** SignPayload: has the profile sign {@code payload}; the job id and signature must come back. */
    public SignedPayload signPayload(String profileName, byte[] payload, String payloadFormat) {
        Map<String, String> request = new LinkedHashMap<>();
        request.put("payload", Base64.getEncoder().encodeToString(payload));
        request.put("payloadFormat", payloadFormat);
        request.put("profileName", profileName);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot encode the request", e);
        }
        JsonNode r = exchange("POST", "/signing-jobs/with-payload", body);
        Optional<String> jobId = text(r, "jobId");
        Optional<String> signature = text(r, "signature");
        if (jobId.isEmpty() || signature.isEmpty()) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned no signature");
        }
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signature.get());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned a signature that is not base64", e);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        r.path("metadata")
                .fields()
                .forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        return new SignedPayload(jobId.get(), text(r, "jobOwner").orElse(""), signatureBytes, metadata);
    }

    private JsonNode exchange(String method, String path, byte[] body) {
        String rawPath = basePath + path;
        byte[] content = body == null ? new byte[0] : body;
        SigV4Signer.Signed signed = signer.sign(method, rawPath, host, content, clock.instant());
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection)
                    new URL(endpoint.getScheme() + "://" + endpoint.getRawAuthority() + rawPath).openConnection();
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            c.setRequestProperty("X-Amz-Date", signed.amzDate());
            c.setRequestProperty("X-Amz-Content-Sha256", signed.contentSha256());
            c.setRequestProperty("Authorization", signed.authorization());
            c.setRequestProperty("Accept", "application/json");
            if (body != null) {
                c.setRequestProperty("Content-Type", "application/json");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(content.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(content);
                }
            }
            int status = c.getResponseCode();
            byte[] response = readBounded(status >= 400 ? c.getErrorStream() : c.getInputStream());
            if (response == null) {
                c.disconnect();
                throw new CliException(ExitCode.UNAVAILABLE, "the server's response is larger than 1 MiB");
            }
            if (status != 200) {
                throw refusal(status, c.getHeaderField("X-Amzn-ErrorType"), response);
            }
            return object(response);
        } catch (IOException e) {
            if (c != null) {
                c.disconnect();
            }
            throw Unreachable.error(endpoint, e);
        }
    }

    /** The body, or null when it exceeds {@link #MAX_RESPONSE} (the connection is then dropped). */
    private static byte[] readBounded(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE + 1);
            return bytes.length > MAX_RESPONSE ? null : bytes;
        }
    }

    static CliException refusal(int status, String errorTypeHeader, byte[] body) {
        JsonNode node = parse(body);
        String code = null;
        if (errorTypeHeader != null && !errorTypeHeader.isBlank()) {
            int colon = errorTypeHeader.indexOf(':');
            code = (colon < 0 ? errorTypeHeader : errorTypeHeader.substring(0, colon)).strip();
        } else if (node != null) {
            code = text(node, "__type").or(() -> text(node, "code")).orElse(null);
            if (code != null && code.indexOf('#') >= 0) {
                code = code.substring(code.lastIndexOf('#') + 1);
            }
        }
        String message = node == null
                ? null
                : text(node, "message")
                        .or(() -> text(node, "Message"))
                        .or(() -> text(node, "errorMessage"))
                        .orElse(null);
        if (status < 400) {
            return new CliException(ExitCode.UNAVAILABLE, "the server answered HTTP " + status);
        }
        return ServerRefusal.of(status, code, message == null ? null : firstLine(message), null);
    }

    private static JsonNode object(byte[] body) {
        JsonNode node = parse(body);
        if (node == null || !node.isObject()) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's response is not a JSON object");
        }
        return node;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
