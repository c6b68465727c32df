package dev.signet.server.testing;

import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerAssembly;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.http.AwsProtocolService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.SignerClientBuilder;

/**
 * A real {@link SignetServer} serving every API on a free loopback port with its own temp data
 * directory, and AWS SDK clients pointed at it with the credentials the server wrote (region
 * us-east-1). Close it to stop the server and delete the directory.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     S3Client s3 = server.s3();
 *     ...
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private final Path dataDir;
    private final boolean ownsDir;
    private final Function<ServerAssembly.Apis, List<AwsProtocolService>> served;
    private final Clock clock;
    private final UnaryOperator<ServerConfig> configure;
    private SignetServer server;

    private TestServer(
            Path dataDir,
            boolean ownsDir,
            Function<ServerAssembly.Apis, List<AwsProtocolService>> served,
            Clock clock,
            UnaryOperator<ServerConfig> configure) {
        this.dataDir = dataDir;
        this.ownsDir = ownsDir;
        this.served = served;
        this.clock = clock;
        this.configure = configure;
        this.server = SignetServer.start(config(), served);
    }

    private ServerConfig config() {
        return configure.apply(new ServerConfig("127.0.0.1", 0, dataDir, clock));
    }

    /** Starts a server in a new temp data directory. */
    public static TestServer start() {
        return start(Clock.systemUTC());
    }

    /**
     * Starts a server whose service clock (signing times, expiry, revocation, verification) is
     * {@code serviceClock}, e.g. a {@link MutableClock}; SigV4 freshness still uses the real clock,
     * so the SDK clients keep working whatever time the service is at.
     */
    public static TestServer start(Clock serviceClock) {
        return start(serviceClock, UnaryOperator.identity());
    }

    /** As above, removing S3 multipart uploads older than {@code abandonedUploadAge}. */
    public static TestServer start(Clock serviceClock, Duration abandonedUploadAge) {
        return start(serviceClock, config -> config.withAbandonedUploadAge(abandonedUploadAge));
    }

    /** Starts a server whose configuration {@code configure} adjusts (e.g. a short idle timeout). */
    public static TestServer start(Clock serviceClock, UnaryOperator<ServerConfig> configure) {
        return inTempDir(ServerAssembly.Apis::all, serviceClock, configure);
    }

    /**
     * Starts a server serving only the APIs {@code served} picks, for a test that stands in its own
     * service for one of them.
     */
    public static TestServer serving(Function<ServerAssembly.Apis, List<AwsProtocolService>> served) {
        return inTempDir(served, Clock.systemUTC(), UnaryOperator.identity());
    }

    private static TestServer inTempDir(
            Function<ServerAssembly.Apis, List<AwsProtocolService>> served,
            Clock serviceClock,
            UnaryOperator<ServerConfig> configure) {
        try {
            return new TestServer(Files.createTempDirectory("signet-test-"), true, served, serviceClock, configure);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a node of a cluster: a server on the data directory {@code dataDir} (which the caller
     * keeps), configured by {@code configure} (e.g. one PostgreSQL database and master key shared by
     * several nodes).
     */
    public static TestServer node(Path dataDir, UnaryOperator<ServerConfig> configure) {
        return new TestServer(dataDir, false, ServerAssembly.Apis::all, Clock.systemUTC(), configure);
    }

    /** Starts a server on an existing data directory, which the caller keeps. */
    public static TestServer start(Path dataDir) {
        return start(dataDir, Clock.systemUTC());
    }

    /** As above, on {@code serviceClock}. */
    public static TestServer start(Path dataDir, Clock serviceClock) {
        return new TestServer(dataDir, false, ServerAssembly.Apis::all, serviceClock, UnaryOperator.identity());
    }

    /** Stops the server and starts it again on the same data directory (on a new port), same clock. */
    public TestServer restart() {
        server.close();
        server = SignetServer.start(config(), served);
        return this;
    }

    public SignetServer server() {
        return server;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** What the server is made of: its database, object store, CA and time-stamp authority. */
    public ServerAssembly assembly() {
        return server.assembly();
    }

    /** The bootstrap admin key from {@code DATA/credentials}. */
    public AwsBasicCredentials credentials() {
        try {
            AccessKey key = CredentialsFile.read(dataDir.resolve(CredentialsFile.BOOTSTRAP_FILE))
                    .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                    .orElseThrow(() -> new IllegalStateException("no [signet] profile in the credentials file"));
            return AwsBasicCredentials.create(key.id(), key.secret());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public StaticCredentialsProvider credentialsProvider() {
        return StaticCredentialsProvider.create(credentials());
    }

    /** An S3 client with the SDK's default settings (chunked encoding, checksums), path-style. */
    public S3Client s3() {
        return s3(b -> {});
    }

    public S3Client s3(Consumer<S3ClientBuilder> customize) {
        S3ClientBuilder builder = S3Client.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentialsProvider())
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create());
        customize.accept(builder);
        return builder.build();
    }

    /**
     * An asynchronous S3 client with the SDK's Java-based multipart support on (multipart uploads,
     * copies and part-wise downloads above 8 MiB) and otherwise default settings, path-style.
     */
    public S3AsyncClient s3Multipart() {
        return S3AsyncClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentialsProvider())
                .forcePathStyle(true)
                .multipartEnabled(true)
                .build();
    }

    public SignerClient signer() {
        return signer(b -> {});
    }

    public SignerClient signer(Consumer<SignerClientBuilder> customize) {
        SignerClientBuilder builder = SignerClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create());
        customize.accept(builder);
        return builder.build();
    }

    /** A Lambda client (for the code-signing-config operations) with the SDK's default settings. */
    public LambdaClient lambda() {
        return lambda(b -> {});
    }

    public LambdaClient lambda(Consumer<LambdaClientBuilder> customize) {
        LambdaClientBuilder builder = LambdaClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create());
        customize.accept(builder);
        return builder.build();
    }

    @Override
    public void close() {
        server.close();
        if (ownsDir) {
            deleteTree(dataDir);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
