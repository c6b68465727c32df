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
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * SignPayload as a hand-built JSON POST, signed by the CLI's {@link SigV4Signer}, over one of the
 * CLI's persistent {@link HttpConnection}s (to a loopback address only): the least client CPU per
 * request of the two clients (see {@link LoadDriver}). {@link #withRandomKeyIds} makes the
 * unauthenticated requests of {@link KeyFlood}.
 */
final class RawPayloadClient implements PayloadClient {
    private static final String PATH = "/signing-jobs/with-payload";

    private static final int MAX_BODY = 1 << 20;

    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final HttpConnection connection;
    private final Supplier<SigV4Signer> signers;
    private final String host;
    private final String profile;
    private final LoadPlatform platform;
    private final Clock clock = Clock.systemUTC();

    RawPayloadClient(URI endpoint, String accessKeyId, String secretAccessKey, String profile, LoadPlatform platform) {
        this(
                endpoint,
                profile,
                platform,
                fixed(new SigV4Signer(new AccessKey(accessKeyId, secretAccessKey), "us-east-1", "signer")));
    }

    private RawPayloadClient(URI endpoint, String profile, LoadPlatform platform, Supplier<SigV4Signer> signers) {
        this.host = endpoint.getHost() + ":" + endpoint.getPort();
        requireLoopback(endpoint);
        this.connection = new HttpConnection(endpoint, 30_000, 30_000, MAX_BODY, () -> {
            throw new IllegalArgumentException("the load driver speaks plain HTTP only");
        });
        this.signers = signers;
        this.profile = profile;
        this.platform = platform;
    }

    /**
     * A client whose every request is signed with a new random access key id shaped like the ones
     * Signet issues ({@code AKIA} and 16 of {@code [A-Z2-7]}), which no server has issued: each costs
     * the server a key lookup it cannot answer from memory.
     */
    static RawPayloadClient withRandomKeyIds(URI endpoint, String profile) {
        return new RawPayloadClient(
                endpoint,
                profile,
                LoadPlatform.CMS,
                () -> new SigV4Signer(new AccessKey(randomKeyId(), "not-a-secret"), "us-east-1", "signer"));
    }

    private static Supplier<SigV4Signer> fixed(SigV4Signer signer) {
        return () -> signer;
    }

    private static String randomKeyId() {
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ID_ALPHABET[ThreadLocalRandom.current().nextInt(KEY_ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    @Override
    public boolean signDigest(byte[] digest) throws IOException {
        HttpResponse response = exchange(digest);
        return response.status() == 200 && contains(response.body(), "\"signature\"");
    }

    /** Sends SignPayload for {@code digest} and returns the HTTP status of the answer. */
    int status(byte[] digest) throws IOException {
        return exchange(digest).status();
    }

    private HttpResponse exchange(byte[] digest) throws IOException {
        byte[] body = ("{\"profileName\":\"" + profile + "\",\"payload\":\""
                        + Base64.getEncoder().encodeToString(platform.payload(digest)) + "\",\"payloadFormat\":\""
                        + platform.payloadFormat()
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        SigV4Signer.Signed signed = signers.get().sign("POST", PATH, host, body, clock.instant());
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
        try {
            return connection.exchange(request);
        } catch (HttpConnection.StaleConnectionException e) {
            return connection.exchange(request);
        }
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
