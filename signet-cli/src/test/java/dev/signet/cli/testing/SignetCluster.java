package dev.signet.cli.testing;

import dev.signet.core.crypto.MasterKey;
import dev.signet.core.files.SecureFiles;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.objects.s3.S3ObjectSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * Several {@code signet server} processes (the real launcher, {@code java -jar signet.jar server
 * --config FILE}, one YAML file each) sharing one embedded PostgreSQL database (with {@code
 * track_commit_timestamp} on) and one master key file, for the cluster tests. All nodes are started at the same moment on the empty database; a
 * node can be killed with SIGKILL (by PID) and started again from its file. Each YAML file names its
 * node's data directory, the database and the master key, followed by the test's own settings.
 * Closing it kills every node still running (by PID) and stops PostgreSQL, also after a failure.
 */
public final class SignetCluster implements AutoCloseable {
    private static final Duration START_ALL = Duration.ofSeconds(240);

    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final List<Path> configs;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private AccessKey admin;

    private SignetCluster(Path dir, EmbeddedPostgres postgres, List<Path> configs) {
        this.dir = dir;
        this.postgres = postgres;
        this.configs = configs;
    }

    /**
     * Starts PostgreSQL and {@code count} nodes in {@code dir}, each configured with the shared
     * settings and then {@code extraYaml} (top-level YAML, e.g. an {@code objects:} section); waits
     * (bounded) until every node listens and checks they agree on the admin key.
     */
    public static SignetCluster start(Path dir, int count, String extraYaml) throws IOException, InterruptedException {
        // commit timestamps, so that a test can order what two nodes committed (pg_xact_commit_timestamp)
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("track_commit_timestamp", "on")
                .start();
        SignetCluster cluster = new SignetCluster(dir, postgres, new ArrayList<>());
        try {
            cluster.configure(count, extraYaml);
            cluster.startAll();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * The {@code objects:} section that puts every node's objects in {@code content} (an S3Proxy
     * bucket), path-style, its secret key written owner-only to {@code dir/shared/s3.secret}.
     */
    public static String s3Objects(S3ObjectSettings content, Path dir) throws IOException {
        S3ObjectSettings.AccessKey key = content.credentials().orElseThrow();
        Path secret =
                SecureFiles.createPrivateDirectories(dir.resolve("shared")).resolve("s3.secret");
        Files.writeString(secret, key.secretAccessKey() + "\n");
        return "objects:\n"
                + "  type: s3\n"
                + "  endpoint: " + content.endpoint().orElseThrow() + "\n"
                + "  region: " + content.region() + "\n"
                + "  bucket: " + content.bucket() + "\n"
                + "  prefix: " + content.prefix() + "\n"
                + "  path-style: true\n"
                + "  access-key-id: " + key.accessKeyId() + "\n"
                + "  secret-access-key-file: " + secret + "\n";
    }

    private void configure(int count, String extraYaml) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE signet_cluster");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the cluster's database", e);
        }
        Path masterKey =
                SecureFiles.createPrivateDirectories(dir.resolve("shared")).resolve("master.key");
        MasterKey.loadOrCreate(masterKey);
        for (int i = 0; i < count; i++) {
            Path yaml = dir.resolve("node" + i + ".yaml");
            Files.writeString(
                    yaml,
                    "listen: 127.0.0.1:0\n"
                            + "data-dir: " + dir.resolve("node" + i) + "\n"
                            + "database:\n"
                            + "  url: jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/signet_cluster\n"
                            + "  user: postgres\n"
                            + "  pool-size: 4\n"
                            + "master-key:\n"
                            + "  file: " + masterKey + "\n"
                            + extraYaml);
            configs.add(yaml);
        }
    }

    /** Starts every node at the same moment; each start is bounded (ServerProcess), so every one ends. */
    private void startAll() throws InterruptedException, IOException {
        ExecutorService starting = Executors.newFixedThreadPool(configs.size());
        List<Future<ServerProcess>> starts = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            int node = i;
            starts.add(starting.submit(() -> ServerProcess.start(command(node), log(node))));
        }
        starting.shutdown();
        AssertionError failure = null;
        for (int i = 0; i < starts.size(); i++) {
            try {
                nodes.add(starts.get(i).get(START_ALL.toSeconds(), TimeUnit.SECONDS));
            } catch (ExecutionException | TimeoutException e) {
                // the node that did not start was killed by ServerProcess; the others are kept to be closed
                failure = new AssertionError("node " + i + " did not start; its log:\n" + logText(i), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        admin = credentials(0);
        for (int i = 1; i < configs.size(); i++) {
            if (!credentials(i).equals(admin)) {
                throw new AssertionError("node " + i + " has another admin key than node 0");
            }
        }
    }

    /** The admin key every node wrote to its data directory (the same on all). */
    public AccessKey admin() {
        return admin;
    }

    public int size() {
        return configs.size();
    }

    /** The process now running as node {@code i}. */
    public ServerProcess node(int i) {
        return nodes.get(i);
    }

    /** Kills node {@code i} with SIGKILL (by PID) and waits (bounded) for it to be gone. */
    public void kill(int i) {
        nodes.get(i).close();
    }

    /** Starts node {@code i} again from its YAML file (its log appended to) and waits until it listens. */
    public ServerProcess restart(int i) throws IOException, InterruptedException {
        if (nodes.get(i).process().isAlive()) {
            throw new IllegalStateException("node " + i + " is still running");
        }
        ServerProcess restarted = ServerProcess.start(command(i), log(i));
        nodes.set(i, restarted);
        return restarted;
    }

    /** The log (standard error) of node {@code i}, over all its starts. */
    public Path log(int i) {
        return dir.resolve("node" + i + ".log");
    }

    /** What node {@code i} logged so far (for a failure's message). */
    public String logText(int i) {
        try {
            return Files.exists(log(i)) ? Files.readString(log(i)) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** A connection to the cluster's database, for a test to look at what the nodes recorded. */
    public Connection database() throws SQLException {
        return postgres.getDatabase("postgres", "signet_cluster").getConnection();
    }

    /** A Signer client of the admin key for node {@code i} as it runs now; no retries. */
    public SignerClient signer(int i) {
        return SignerClient.builder()
                .endpointOverride(node(i).endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentialsProvider())
                .httpClient(httpClient())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    /** An S3 client of the admin key for Signet's own S3 API on node {@code i} as it runs now; no retries. */
    public S3Client s3(int i) {
        return S3Client.builder()
                .endpointOverride(node(i).endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentialsProvider())
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(httpClient())
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
                .build();
    }

    private StaticCredentialsProvider credentialsProvider() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(admin.id(), admin.secret()));
    }

    private static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    private AccessKey credentials(int node) throws IOException {
        return CredentialsFile.read(dir.resolve("node" + node).resolve(CredentialsFile.BOOTSTRAP_FILE))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow(() -> new AssertionError("node " + node + " wrote no admin key"));
    }

    private ProcessBuilder command(int node) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("signet.jar"));
        command.add("server");
        command.add("--config");
        command.add(configs.get(node).toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SIGNET_"));
        return pb;
    }

    /** Kills every node still running (by PID), then stops PostgreSQL. */
    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
