package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.core.testing.Processes;
import dev.signet.server.testing.GeneratedContent;
import dev.signet.server.testing.ProcessMemory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * A 1 GiB multipart upload to {@code java -jar signet.jar server} (a JVM of its own, started as
 * {@code bin/signet server} starts it, default JVM settings) through the SDK's S3Client with default
 * settings, four parts in flight at a time: the server's peak resident set (VmHWM, which includes
 * its start-up) stays under 300 MB, because parts stream to disk and completion concatenates them in
 * the kernel. The data directory is deleted afterwards.
 */
class S3MultipartMemoryIT {
    private static final Pattern LISTENING = Pattern.compile("Signet listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long PART = 16L * 1024 * 1024;
    private static final int PARTS = 64;
    private static final long LIMIT_KB = 300L * 1000;

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                Processes.killTree(server);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void oneGibUploadKeepsTheServerSmall() throws Exception {
        URI endpoint = startServer();
        AccessKey key = CredentialsFile.read(dir.resolve("data/credentials"))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                .build()) {
            s3.createBucket(b -> b.bucket("big"));
            String id = s3.createMultipartUpload(b -> b.bucket("big").key("gib.bin"))
                    .uploadId();
            ExecutorService pool = Executors.newFixedThreadPool(4);
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
            pool.shutdown();
            String etag = s3.completeMultipartUpload(
                            b -> b.bucket("big").key("gib.bin").uploadId(id).multipartUpload(m -> m.parts(parts)))
                    .eTag();
            assertThat(etag).endsWith("-" + PARTS + "\"");
            assertThat(s3.headObject(b -> b.bucket("big").key("gib.bin")).contentLength())
                    .isEqualTo(PART * PARTS);
        }
        long peakKb = ProcessMemory.peakResidentKb(server.pid());
        System.out.printf("signet server peak RSS (VmHWM) during a 1 GiB multipart upload: %d kB%n", peakKb);
        assertThat(peakKb).as("VmHWM of the server process, kB").isLessThan(LIMIT_KB);
    }

    private URI startServer() throws Exception {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("signet.jar"),
                "server",
                "--port",
                "0",
                "--data",
                "data");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("SIGNET_HOME"));
        server = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
                    return URI.create(m.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no listening line; stdout was: " + lines);
    }
}
