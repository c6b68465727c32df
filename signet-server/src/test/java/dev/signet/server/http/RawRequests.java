package dev.signet.server.http;

import dev.signet.core.sigv4.SigV4;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/** Hand-built HTTP requests, signed with the SDK's own SigV4 signer, for what SDK clients cannot send. */
public final class RawRequests {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RawRequests() {}

    public static HttpResponse<String> send(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase())) {
                b.header(k, v);
            }
        });
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Signs with SigV4 for {@code service} at {@code clock}'s time, then sends. */
    public static HttpResponse<String> signedSend(
            String method,
            URI uri,
            String service,
            AwsCredentials credentials,
            Clock clock,
            byte[] body,
            Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        return signedSend(method, uri, service, credentials, clock, body, body, extraHeaders);
    }

    /** Signs {@code signedBody} but sends {@code sentBody}: a body tampered with in transit. */
    public static HttpResponse<String> signedSend(
            String method,
            URI uri,
            String service,
            AwsCredentials credentials,
            Clock clock,
            byte[] signedBody,
            byte[] sentBody,
            Map<String, String> extraHeaders)
            throws IOException, InterruptedException {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(uri);
        extraHeaders.forEach(request::putHeader);
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(request.build())
                        .payload(() -> new ByteArrayInputStream(signedBody))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request();
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        signed.headers().forEach((k, v) -> headers.put(k, String.join(",", v)));
        return send(method, signed.getUri(), headers, sentBody);
    }

    /**
     * Signs a bodiless GET of {@code path?query} for {@code service} addressed to host {@code
     * virtualHost} on {@code server}'s port (for example an endpoint host prefix such as {@code
     * verification.127.0.0.1}), and sends it over a plain socket to {@code server}'s loopback
     * address, so no DNS lookup happens. Returns status and body.
     */
    public static SocketResponse signedGetWithHost(
            URI server,
            String virtualHost,
            String path,
            Map<String, List<String>> query,
            String service,
            AwsCredentials credentials,
            Clock clock)
            throws IOException {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("http")
                .host(virtualHost)
                .port(server.getPort())
                .encodedPath(path);
        query.forEach(request::putRawQueryParameter);
        SdkHttpRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials)
                        .request(request.build())
                        .payload(() -> new ByteArrayInputStream(new byte[0]))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(HttpSigner.SIGNING_CLOCK, clock))
                .request();
        String target = signed.getUri().getRawPath()
                + (signed.getUri().getRawQuery() == null
                        ? ""
                        : "?" + signed.getUri().getRawQuery());
        StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
        head.append("Host: ")
                .append(virtualHost)
                .append(':')
                .append(server.getPort())
                .append("\r\n");
        signed.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host")) {
                head.append(k).append(": ").append(String.join(",", v)).append("\r\n");
            }
        });
        head.append("Connection: close\r\n\r\n");
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] raw = socket.getInputStream().readNBytes(1 << 20);
            String text = new String(raw, StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyStart = text.indexOf("\r\n\r\n");
            return new SocketResponse(status, bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }

    /** Status and body (chunk framing included, if any) of a response read from a socket. */
    public record SocketResponse(int status, String body) {}

    /**
     * The headers of a request signed with SigV4 for {@code service} in us-east-1 at {@code clock}'s
     * time, with {@code payloadHash} declared in {@code x-amz-content-sha256} and signed as the
     * payload hash, whatever it is (the SDK's signer replaces values it does not produce itself).
     * Every header given is signed; the result adds {@code host}, {@code x-amz-date} and {@code
     * Authorization}.
     */
    public static Map<String, String> sigV4Headers(
            String method,
            URI uri,
            String service,
            AwsCredentials credentials,
            Clock clock,
            Map<String, String> headers,
            String payloadHash) {
        String amzDate = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant());
        java.util.TreeMap<String, String> all = new java.util.TreeMap<>();
        headers.forEach((k, v) -> all.put(k.toLowerCase(java.util.Locale.ROOT), v));
        all.put("host", uri.getHost() + ":" + uri.getPort());
        all.put("x-amz-content-sha256", payloadHash);
        all.put("x-amz-date", amzDate);
        List<String> signedHeaders = List.copyOf(all.keySet());
        String scope = amzDate.substring(0, 8) + "/us-east-1/" + service + "/aws4_request";
        String canonical = SigV4.canonicalRequest(
                method,
                SigV4.canonicalUri(uri.getRawPath(), !service.equals("s3")),
                SigV4.canonicalQuery(uri.getRawQuery() == null ? "" : uri.getRawQuery(), Set.of()),
                signedHeaders,
                name -> all.containsKey(name) ? List.of(all.get(name)) : List.of(),
                payloadHash);
        byte[] key = SigV4.signingKey(
                credentials.secretAccessKey().getBytes(StandardCharsets.UTF_8),
                amzDate.substring(0, 8),
                "us-east-1",
                service);
        Map<String, String> out = new java.util.LinkedHashMap<>(all);
        out.put(
                "authorization",
                SigV4.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + scope + ", SignedHeaders="
                        + String.join(";", signedHeaders) + ", Signature="
                        + SigV4.signature(key, SigV4.stringToSign(amzDate, scope, canonical)));
        return out;
    }

    /** Status, header block and body of a response read from a socket. */
    public record RawResponse(int status, String head, String body) {
        /** The first value of a response header, by case-insensitive name. */
        public java.util.Optional<String> header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
                    return java.util.Optional.of(line.substring(colon + 1).strip());
                }
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * Writes {@code head} (request line and headers, ending with the blank line) and {@code body} to
     * a new connection to {@code server}, then, if {@code closeOutput}, ends the output (the body is
     * cut short), and reads the response: its Content-Length worth of body, or up to the end. Every
     * read waits at most {@code timeout}.
     */
    public static RawResponse exchange(URI server, String head, byte[] body, boolean closeOutput, Duration timeout)
            throws IOException {
        try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            if (closeOutput) {
                socket.shutdownOutput();
            }
            java.io.InputStream in = socket.getInputStream();
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            int end = -1;
            while (end < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException("the connection closed before a response: " + raw);
                }
                raw.write(b);
                String sofar = raw.toString(StandardCharsets.ISO_8859_1);
                if (sofar.endsWith("\r\n\r\n")) {
                    end = sofar.length();
                }
            }
            String responseHead = raw.toString(StandardCharsets.ISO_8859_1);
            RawResponse partial = new RawResponse(Integer.parseInt(responseHead.substring(9, 12)), responseHead, "");
            byte[] content = partial.header("Content-Length")
                    .map(n -> {
                        try {
                            return in.readNBytes(Integer.parseInt(n));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .orElseGet(() -> {
                        try {
                            return in.readAllBytes();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            return new RawResponse(partial.status(), responseHead, new String(content, StandardCharsets.UTF_8));
        }
    }
}
