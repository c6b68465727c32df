package dev.signet.bench.load;

import dev.signet.cli.client.SigV4Signer;
import dev.signet.cli.http.HttpConnection;
import dev.signet.cli.http.HttpResponse;
import dev.signet.core.sigv4.AccessKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

/**
 * SignPayload as a hand-built JSON POST, signed by the CLI's {@link SigV4Signer}, over one of the
 * CLI's persistent {@link HttpConnection}s (to a loopback address only): the least client CPU per
 * request of the two clients (see {@link LoadDriver}).
 */
final class RawPayloadClient implements PayloadClient {
    private static final String PATH = "/signing-jobs/with-payload";

    private static final int MAX_BODY = 1 << 20;

    private final HttpConnection connection;
    private final SigV4Signer signer;
    private final String host;
    private final String profile;
    private final Clock clock = Clock.systemUTC();

    RawPayloadClient(URI endpoint, String accessKeyId, String secretAccessKey, String profile) {
        this.host = endpoint.getHost() + ":" + endpoint.getPort();
        requireLoopback(endpoint);
        this.connection = new HttpConnection(endpoint, 30_000, 30_000, MAX_BODY, () -> {
            throw new IllegalArgumentException("the load driver speaks plain HTTP only");
        });
        this.signer = new SigV4Signer(new AccessKey(accessKeyId, secretAccessKey), "us-east-1", "signer");
        this.profile = profile;
    }

    @Override
    public boolean signDigest(byte[] digest) throws IOException {
        byte[] body = ("{\"profileName\":\"" + profile + "\",\"payload\":\""
                        + Base64.getEncoder().encodeToString(digest) + "\",\"payloadFormat\":\"" + DIGEST_FORMAT
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        SigV4Signer.Signed signed = signer.sign("POST", PATH, host, body, clock.instant());
        String head = "POST " + PATH + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "X-Amz-Date: " + signed.amzDate() + "\r\n"
                + "X-Amz-Content-Sha256: " + signed.contentSha256() + "\r\n"
                + "Authorization: " + signed.authorization() + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        HttpResponse response;
        try {
            response = connection.exchange(request);
        } catch (HttpConnection.StaleConnectionException e) {
            response = connection.exchange(request);
        }
        return response.status() == 200 && contains(response.body(), "\"signature\"");
    }

    private static void requireLoopback(URI endpoint) {
        try {
            if (!"http".equals(endpoint.getScheme())
                    || !InetAddress.getByName(endpoint.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException(
                        "the load driver only targets http:// loopback addresses, not " + endpoint);
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown host in " + endpoint, e);
        }
    }

    private static boolean contains(byte[] body, String needle) {
        return new String(body, StandardCharsets.UTF_8).contains(needle);
    }

    @Override
    public void close() {
        connection.close();
    }
}
