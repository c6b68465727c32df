package dev.signet.server.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
}
