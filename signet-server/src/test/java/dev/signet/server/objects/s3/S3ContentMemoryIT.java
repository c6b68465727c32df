package dev.signet.server.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.core.testing.Processes;
import dev.signet.server.ServerJvm;
import dev.signet.server.testing.GeneratedContent;
import dev.signet.server.testing.ProcessMemory;
import dev.signet.server.testing.S3Proxy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * The S3-content variant of signet-cli's {@code S3MultipartMemoryIT}: a 1 GiB multipart upload
 * (16 MiB parts, four in flight, the SDK's defaults) to a Signet server whose content is in S3Proxy
 * (a JVM of its own), the server in a JVM of its own with the server's JVM flags ({@link ServerJvm})
 * ({@link S3ContentServerMain}, this module's class path: the S3 store's code without the CLI). The
 * server's peak resident set (VmHWM, start-up included) stays under 300 MB, the object is whole
 * (its length through Signet), and the backing bucket holds its 64 parts and no other content (the
 * completed upload is a composite object: completion copies nothing). Not in the suite: only
 * {@code bin/memory} runs it (the execution {@code memory} in this module's pom).
 */
class S3ContentMemoryIT {
    private static final Pattern LISTENING = Pattern.compile("listening on (\\d+)");
    private static final long PART = 16L * 1024 * 1024;
    private static final int PARTS = 64;
    private static final long LIMIT_KB = 300L * 1000;

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.getOutputStream().close();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                Processes.killTree(server);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void oneGibUploadKeepsTheServerUnder300Mb() throws Exception {
        try (S3Proxy proxy = S3Proxy.start()) {
            S3ObjectSettings settings = proxy.newBucket();
            URI endpoint = startServer(settings);
            AccessKey key = CredentialsFile.read(dir.resolve("data/credentials"))
                    .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                    .orElseThrow();
            try (S3Client s3 = S3Client.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1)
                    .forcePathStyle(true)
                    // on a busy machine a call (CompleteMultipartUpload, when it still copied the parts inside
                    // S3Proxy) took longer than the client's default 30 s: the retry then found it done (404)
                    .httpClient(UrlConnectionHttpClient.builder()
                            .socketTimeout(Duration.ofMinutes(10))
                            .build())
                    .credentialsProvider(
                            StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                    .build()) {
                upload(s3);
            }
            long peakKb = ProcessMemory.peakResidentKb(server.pid());
            System.out.printf(
                    "signet server (S3 content) peak RSS (VmHWM) during a 1 GiB multipart upload: %d kB%n", peakKb);
            assertThat(peakKb).as("VmHWM of the server process, kB").isLessThan(LIMIT_KB);
            // completion copies nothing: the object is a composite read across the parts it keeps
            assertThat(proxy.keys(settings, "parts/")).as("the upload's parts").hasSize(PARTS);
            assertThat(proxy.keys(settings, "data/")).as("content objects").isEmpty();
        }
    }

    private static void upload(S3Client s3) throws Exception {
        s3.createBucket(b -> b.bucket("big"));
        String id =
                s3.createMultipartUpload(b -> b.bucket("big").key("gib.bin")).uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CompletedPart>> futures = new ArrayList<>();
            for (int n = 1; n <= PARTS; n++) {
                int part = n;
                futures.add(pool.submit(() -> {
                    String etag = s3.uploadPart(
                                    b -> b.bucket("big")
                                            .key("gib.bin")
                                            .uploadId(id)
                                            .partNumber(part),
                                    RequestBody.fromContentProvider(
                                            () -> GeneratedContent.stream(PART, part),
                                            PART,
                                            "application/octet-stream"))
                            .eTag();
                    return CompletedPart.builder().partNumber(part).eTag(etag).build();
                }));
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> f : futures) {
                parts.add(f.get(10, TimeUnit.MINUTES));
            }
            String etag = s3.completeMultipartUpload(
                            b -> b.bucket("big").key("gib.bin").uploadId(id).multipartUpload(m -> m.parts(parts)))
                    .eTag();
            assertThat(etag).endsWith("-" + PARTS + "\"");
            assertThat(s3.headObject(b -> b.bucket("big").key("gib.bin")).contentLength())
                    .isEqualTo(PART * PARTS);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Starts the server JVM (the JVM flags {@code bin/signet server} gives it, {@link ServerJvm}; this
     * test's class path) and waits, bounded, for its port.
     */
    private URI startServer(S3ObjectSettings settings) throws Exception {
        S3ObjectSettings.AccessKey access = settings.credentials().orElseThrow();
        Path data = Files.createDirectories(dir.resolve("data"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServerJvm.FLAGS);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                S3ContentServerMain.class.getName(),
                settings.endpoint().orElseThrow().toString(),
                settings.bucket(),
                access.accessKeyId(),
                data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        server = pb.redirectError(dir.resolve("server.log").toFile()).start();
        // standard input stays open: its end stops the server
        OutputStream in = server.getOutputStream();
        in.write((access.secretAccessKey() + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        lines.add("(stdout closed: " + e.getMessage() + ")");
                    }
                },
                "server-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && server.isAlive()) {
            for (String line : lines) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return URI.create("http://127.0.0.1:" + m.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start; stdout: " + lines + "; log: "
                + Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8));
    }
}
