package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RawRequests;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * StartSigningJob records the source object's SHA-256 as the job's artifact digest (issue 17), on
 * embedding platforms (JAR, Lambda zip) and on CMS: the object is put over S3, the job runs on the
 * real server, and DescribeSigningJob's Signet member {@code artifactDigest} and the native {@code
 * POST /v1/jobs/describe} both say {@code sha256:} and the object's SHA-256.
 */
class JobArtifactDigestIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SignerTestServer server;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        server.createBuckets("sources", "signed");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Signet-JAR-SHA256-ECDSA", "AWSLambda-SHA384-ECDSA", "Signet-CMS-SHA256-ECDSA"})
    void aJobRecordsItsSourceObjectsSha256(String platform) throws Exception {
        byte[] artifact = artifact(platform);
        String profile = unique("digest");
        server.signer.putSigningProfile(b -> b.profileName(profile).platformId(platform));
        String key = profile + ".bin";
        String version = server.s3
                .putObject(b -> b.bucket("sources").key(key), RequestBody.fromBytes(artifact))
                .versionId();

        DescribeSigningJobResponse job = run(profile, key, version);

        assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
        String expected = "sha256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        assertThat(describe("GET", "/signing-jobs/" + job.jobId(), "signer", new byte[0])
                        .path("artifactDigest")
                        .asText())
                .isEqualTo(expected);
        byte[] nativeRequest = JSON.writeValueAsBytes(Map.of("jobId", job.jobId()));
        assertThat(describe("POST", "/v1/jobs/describe", NativeApi.SIGNING_NAME, nativeRequest)
                        .path("artifactDigest")
                        .asText())
                .isEqualTo(expected);
    }

    private static DescribeSigningJobResponse run(String profile, String key, String version)
            throws InterruptedException {
        String jobId = server.signer
                .startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("sources").key(key).version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = server.signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within 60 s");
    }

    private static JsonNode describe(String method, String path, String service, byte[] body) throws Exception {
        HttpResponse<String> response = RawRequests.signedSend(
                method,
                server.server.endpoint().resolve(path),
                service,
                server.server.credentials(),
                Clock.systemUTC(),
                body,
                body.length == 0 ? Map.of() : Map.of("Content-Type", "application/json"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** A jar, a function zip, or random bytes for CMS. */
    private static byte[] artifact(String platform) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (platform.contains("JAR")) {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
                jar.putNextEntry(new ZipEntry("dev/example/App.txt"));
                jar.write("an application\n".repeat(100).getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        } else if (platform.startsWith("AWSLambda")) {
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry("index.js"));
                zip.write("exports.handler = async () => ({ statusCode: 200 });\n".getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } else {
            byte[] random = new byte[100_003];
            new Random(17).nextBytes(random);
            bytes.write(random);
        }
        return bytes.toByteArray();
    }
}
