package dev.signet.cli.client;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.credentials.Credentials;
import dev.signet.cli.http.HttpConnection;
import dev.signet.cli.http.HttpRequest;
import dev.signet.cli.http.HttpResponse;
import dev.signet.cli.http.MalformedResponseException;
import dev.signet.core.sigv4.SigV4;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * The two Signer API calls of {@code signet sign FILE...} (GetSigningProfile once, SignPayload per
 * file) as plain restJson1 requests signed with {@link SigV4Signer}, over a small pool of persistent
 * HTTP/1.1 connections ({@link HttpConnection}): the routes and JSON members the AWS SDK's {@code
 * SignerClient} sends, at a fraction of its CPU per call and of its start-up; errors are reported
 * exactly as {@link SignerApi} reports them ({@link ServerRefusal}, {@link Unreachable}).
 * Thread-safe: each call takes an idle connection (or opens one) and gives it back when the exchange
 * ended cleanly; a request that fails on a reused connection before any of the response arrived
 * (the server closed it while idle) is sent once more on a new connection. Each SignPayload carries a
 * fresh {@code clientRequestToken} (Signet's extension), the same in that resend, so a server that
 * handled the first attempt before closing answers the resend with the same job and signature
 * instead of signing twice. Bounded: 5 s to connect,
 * 2 min per response, at most 1 MiB of response body, at most {@link #MAX_IDLE} idle connections.
 */
public final class PayloadSigningClient implements AutoCloseable {
    static final int MAX_RESPONSE = 1 << 20;
    static final int MAX_IDLE = 16;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 120_000;
    private static final String SIGN_PAYLOAD_PATH = "/signing-jobs/with-payload";
    private static final byte[] PAYLOAD_HEAD = "{\"payload\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOKEN_HEAD = "\",\"clientRequestToken\":\"".getBytes(StandardCharsets.US_ASCII);

    private final URI endpoint;
    private final String basePath;
    private final String host;
    private final SigV4Signer signer;
    private final Credentials credentials;
    private final Clock clock;
    private final Supplier<SSLSocketFactory> tls;
    private final BlockingQueue<HttpConnection> idle = new ArrayBlockingQueue<>(MAX_IDLE);
    private volatile boolean closed;
    private volatile RequestTail tail;
    private final AtomicInteger opened = new AtomicInteger();

    public PayloadSigningClient(ClientSettings settings) {
        this(settings, Clock.systemUTC(), () -> (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    PayloadSigningClient(ClientSettings settings, Clock clock, Supplier<SSLSocketFactory> tls) {
        Objects.requireNonNull(settings, "settings");
        this.endpoint = settings.endpoint();
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.host = HttpRequest.hostHeader(endpoint);
        this.credentials = settings.credentials();
        this.signer = new SigV4Signer(credentials, settings.region(), "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tls = Objects.requireNonNull(tls, "tls");
    }

    /** GetSigningProfile. */
    public ProfileView getProfile(String name) {
        ResponseMembers r = object(exchange("GET", "/signing-profiles/" + SigV4.uriEncode(name, false), null));
        Map<String, String> period = r.object("signatureValidityPeriod");
        return new ProfileView(
                r.text("profileName").orElse(name),
                r.text("arn"),
                r.text("profileVersion"),
                r.text("profileVersionArn"),
                r.text("platformId"),
                r.text("platformDisplayName"),
                r.text("status"),
                r.text("statusReason"),
                Optional.ofNullable(period.get("value")).flatMap(PayloadSigningClient::integer),
                Optional.ofNullable(period.get("type")));
    }

    /**
     * SignPayload: has the profile sign {@code payload}; the job id and signature must come back. The
     * request carries a new random client token, so it is signed at most once however often it is sent.
     */
    public SignedPayload signPayload(String profileName, byte[] payload, String payloadFormat) {
        byte[] body = requestBody(
                profileName, payload, payloadFormat, UUID.randomUUID().toString());
        ResponseMembers r = object(exchange("POST", SIGN_PAYLOAD_PATH, body));
        Optional<String> jobId = r.text("jobId");
        Optional<byte[]> signature;
        try {
            signature = r.base64("signature");
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned a signature that is not base64", e);
        }
        if (jobId.isEmpty() || signature.isEmpty()) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server returned no signature");
        }
        return new SignedPayload(jobId.get(), r.text("jobOwner").orElse(""), signature.get(), r.object("metadata"));
    }

    /**
     * {@code {"payload":"BASE64","clientRequestToken":"UUID","payloadFormat":"...","profileName":"..."}}:
     * the members after the token are the same for every file of a batch, so they are encoded (and
     * escaped) once; a UUID needs no escaping.
     */
    private byte[] requestBody(String profileName, byte[] payload, String payloadFormat, String token) {
        RequestTail tail = this.tail;
        if (tail == null
                || !tail.profileName().equals(profileName)
                || !tail.payloadFormat().equals(payloadFormat)) {
            byte[] members = ResponseMembers.encode("payloadFormat", payloadFormat, "profileName", profileName);
            // {"payloadFormat":...} -> ,"payloadFormat":...}
            members[0] = ',';
            tail = new RequestTail(profileName, payloadFormat, members);
            this.tail = tail;
        }
        byte[] encoded = Base64.getEncoder().encode(payload);
        byte[] id = token.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte
                [PAYLOAD_HEAD.length + encoded.length + TOKEN_HEAD.length + id.length + 1 + tail.bytes().length];
        int at = 0;
        for (byte[] piece : new byte[][] {PAYLOAD_HEAD, encoded, TOKEN_HEAD, id, {'"'}, tail.bytes()}) {
            System.arraycopy(piece, 0, body, at, piece.length);
            at += piece.length;
        }
        return body;
    }

    private record RequestTail(String profileName, String payloadFormat, byte[] bytes) {}

    private HttpResponse exchange(String method, String path, byte[] body) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        byte[] request = request(method, basePath + path, body);
        HttpConnection c = idle.poll();
        try {
            HttpResponse response;
            try {
                response = (c == null ? c = newConnection() : c).exchange(request);
            } catch (HttpConnection.StaleConnectionException e) {
                c = newConnection();
                response = c.exchange(request);
            }
            release(c);
            if (response.status() != 200) {
                throw refusal(
                        credentials, response.status(), response.errorType().orElse(null), response.body());
            }
            return response;
        } catch (MalformedResponseException e) {
            throw new CliException(ExitCode.UNAVAILABLE, "the server's response " + e.getMessage(), e);
        } catch (IOException e) {
            throw Unreachable.error(endpoint, e);
        }
    }

    /** The whole request: head (signed) and body, ready for one write. */
    private byte[] request(String method, String rawPath, byte[] body) {
        byte[] content = body == null ? new byte[0] : body;
        SigV4Signer.Signed signed = signer.sign(method, rawPath, host, content, clock.instant());
        StringBuilder head = new StringBuilder(512)
                .append(method)
                .append(' ')
                .append(rawPath)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(host)
                .append("\r\n")
                .append("Accept: application/json\r\n")
                .append("X-Amz-Date: ")
                .append(signed.amzDate())
                .append("\r\n")
                .append("X-Amz-Content-Sha256: ")
                .append(signed.contentSha256())
                .append("\r\n")
                .append("Authorization: ")
                .append(signed.authorization())
                .append("\r\n");
        signed.securityToken()
                .ifPresent(token ->
                        head.append("X-Amz-Security-Token: ").append(token).append("\r\n"));
        if (body != null) {
            head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(h, h.length + content.length);
        System.arraycopy(content, 0, request, h.length, content.length);
        return request;
    }

    private HttpConnection newConnection() {
        opened.incrementAndGet();
        return new HttpConnection(endpoint, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, MAX_RESPONSE, tls);
    }

    /** Keeps an open connection for the next call (up to {@link #MAX_IDLE}); closes it otherwise. */
    private void release(HttpConnection c) {
        if (!c.isOpen() || closed || !idle.offer(c)) {
            c.close();
        } else if (closed && idle.remove(c)) {
            c.close();
        }
    }

    /** How many connections this client has opened (for tests). */
    int connectionsOpened() {
        return opened.get();
    }

    /** Closes the idle connections; calls in flight close theirs when they end. */
    @Override
    public void close() {
        closed = true;
        for (HttpConnection c; (c = idle.poll()) != null; ) {
            c.close();
        }
    }

    static CliException refusal(Credentials credentials, int status, String errorTypeHeader, byte[] body) {
        ResponseMembers node = ResponseMembers.parse(body).orElse(null);
        String code = null;
        if (errorTypeHeader != null && !errorTypeHeader.isBlank()) {
            int colon = errorTypeHeader.indexOf(':');
            code = (colon < 0 ? errorTypeHeader : errorTypeHeader.substring(0, colon)).strip();
        } else if (node != null) {
            code = node.text("__type").or(() -> node.text("code")).orElse(null);
            if (code != null && code.indexOf('#') >= 0) {
                code = code.substring(code.lastIndexOf('#') + 1);
            }
        }
        String message = node == null
                ? null
                : node.text("message")
                        .or(() -> node.text("Message"))
                        .or(() -> node.text("errorMessage"))
                        .orElse(null);
        if (status < 400) {
            return new CliException(ExitCode.UNAVAILABLE, "the server answered HTTP " + status);
        }
        return ServerRefusal.of(credentials, status, code, message == null ? null : firstLine(message), null);
    }

    private static ResponseMembers object(HttpResponse response) {
        return ResponseMembers.parse(response.body())
                .orElseThrow(
                        () -> new CliException(ExitCode.UNAVAILABLE, "the server's response is not a JSON object"));
    }

    private static Optional<Integer> integer(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
