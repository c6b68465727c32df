package dev.signet.server.testing;

import dev.signet.core.testing.Processes;
import dev.signet.server.objects.s3.S3ObjectSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3-compatible server for the S3 content store's tests: S3Proxy 2.6.0 with its filesystem
 * backend in a temp directory, on a free 127.0.0.1 port, in a JVM of its own (its Jetty 11 would
 * clash with Javalin's Jetty 12 on the test class path). The build copies its self-contained jar to
 * {@code target/s3proxy/s3proxy.jar}; without it the test fails. Close it to stop the process (by
 * PID, with any descendants) and delete the directory.
 */
public final class S3Proxy implements AutoCloseable {
    private static final String ACCESS_KEY = "s3proxy-test-key";
    private static final String SECRET = "s3proxy-test-secret";
    private static final Duration START_BOUND = Duration.ofSeconds(90);
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private final Process process;
    private final Path dir;
    private final URI endpoint;

    private S3Proxy(Process process, Path dir, URI endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    /** Starts S3Proxy and waits (bounded) until it accepts connections. */
    public static S3Proxy start() {
        Path jar = Path.of(System.getProperty("basedir", "."), "target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("S3Proxy is required by this test and is missing: " + jar
                    + " (the build's generate-test-resources phase copies it there)");
        }
        try {
            Path dir = Files.createTempDirectory("signet-s3proxy-");
            Files.createDirectories(dir.resolve("blobs"));
            int port = freePort();
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            Path properties = dir.resolve("s3proxy.conf");
            Files.writeString(
                    properties,
                    String.join(
                            "\n",
                            "s3proxy.endpoint=" + endpoint,
                            "s3proxy.authorization=aws-v2-or-v4",
                            "s3proxy.identity=" + ACCESS_KEY,
                            "s3proxy.credential=" + SECRET,
                            "jclouds.provider=filesystem",
                            "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                            "jclouds.identity=" + ACCESS_KEY,
                            "jclouds.credential=" + SECRET,
                            ""),
                    StandardCharsets.UTF_8);
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(
                            List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.log").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            S3Proxy proxy = new S3Proxy(process, dir, endpoint);
            proxy.awaitListening(port);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + START_BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new AssertionError("S3Proxy exited with " + process.exitValue() + ":\n" + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(200));
            }
        }
        String log = log();
        close();
        throw new AssertionError("S3Proxy did not listen on " + port + " within " + START_BOUND + ":\n" + log);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** An S3 client for S3Proxy itself, to look at or change the content bucket behind Signet's back. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates a new bucket in S3Proxy and returns settings for an S3 object store in it. */
    public S3ObjectSettings newBucket() {
        String bucket = "content-" + BUCKETS.incrementAndGet();
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return settings(bucket);
    }

    /** Settings for a store in {@code bucket} (which may not exist), under the prefix {@code signet/}. */
    public S3ObjectSettings settings(String bucket) {
        return new S3ObjectSettings(
                Optional.of(endpoint),
                "us-east-1",
                bucket,
                "signet/",
                true,
                Optional.of(new S3ObjectSettings.AccessKey(ACCESS_KEY, SECRET)));
    }

    /** A Signet server (as {@link TestServer#start()}) whose object content is in a new bucket of this S3Proxy. */
    public TestServer signetServer() {
        return signetServer(newBucket());
    }

    /** A Signet server whose object content is where {@code settings} say. */
    public TestServer signetServer(S3ObjectSettings settings) {
        return TestServer.start(Clock.systemUTC(), config -> config.withS3Objects(settings));
    }

    /**
     * The keys of a store's objects under {@code dir} of its prefix ("data/", "parts/", "" for all),
     * leaving out the directories the filesystem backend lists as keys.
     */
    public List<String> keys(S3ObjectSettings settings, String dir) {
        try (S3Client s3 = client()) {
            return s3
                    .listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix() + dir))
                    .contents()
                    .stream()
                    .map(software.amazon.awssdk.services.s3.model.S3Object::key)
                    // the filesystem backend lists its directories as keys ending in /
                    .filter(k -> !k.endsWith("/"))
                    .toList();
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("s3proxy.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        Processes.killTree(process);
        TestServer.deleteTree(dir);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for S3Proxy", e);
        }
    }
}
