package dev.signet.bench.load;

import dev.signet.cli.client.AccessKey;
import dev.signet.cli.client.SigV4Signer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * SignPayload as a hand-built JSON POST, signed by the CLI's {@link SigV4Signer}, over one
 * persistent socket: the least client CPU per request of the two clients (see {@link LoadDriver}).
 */
final class RawPayloadClient implements PayloadClient {
    private static final String PATH = "/signing-jobs/with-payload";

    private final RawHttpConnection connection;
    private final SigV4Signer signer;
    private final String host;
    private final String profile;
    private final Clock clock = Clock.systemUTC();

    RawPayloadClient(URI endpoint, String accessKeyId, String secretAccessKey, String profile) {
        this.host = endpoint.getHost() + ":" + endpoint.getPort();
        this.connection = new RawHttpConnection(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 30_000);
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
        RawHttpConnection.Response response = connection.exchange(RawHttpConnection.ascii(head), body);
        return response.status() == 200 && contains(response.body(), "\"signature\"");
    }

    private static boolean contains(byte[] body, String needle) {
        return new String(body, StandardCharsets.UTF_8).contains(needle);
    }

    @Override
    public void close() {
        connection.close();
    }
}
