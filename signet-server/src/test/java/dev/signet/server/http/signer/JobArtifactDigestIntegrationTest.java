package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.format.ClientSigning;
import dev.signet.core.format.ClientSignings;
import dev.signet.server.http.NativeApi;
import dev.signet.server.http.RawRequests;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * StartSigningJob records the source object's SHA-256 as the job's artifact digest (issue 17), on
 * embedding platforms (JAR, Lambda zip) and on CMS: the object is put over S3, the job runs on the
 * real server, and DescribeSigningJob's Signet member {@code artifactDigest} and the native {@code
 * POST /v1/jobs/describe} both say {@code sha256:} and the object's SHA-256. SignPayload jobs of
 * files signed where they lie on OpenPGP and JAR record the SHA-256 the client's payload states.
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

        DescribeSigningJobResponse job = server.runJob(profile, key, version);

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

    /**
     * Signed where the file lies (issue 17): the OpenPGP payload's state and tail, and the jar
     * payload's trailer, state the file's SHA-256, which the SignPayload job records.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Signet-OpenPGP-SHA256", "Signet-JAR-SHA256-ECDSA"})
    void aClientSideJobRecordsTheFilesSha256(String platform) throws Exception {
        byte[] artifact = platform.contains("JAR") ? artifact(platform) : artifact("Signet-CMS-SHA256-ECDSA");
        Path file = Files.write(dir.resolve(platform + (platform.contains("JAR") ? ".jar" : ".bin")), artifact);
        String profile = unique("stated");
        server.signer.putSigningProfile(b -> b.profileName(profile).platformId(platform));
        ClientSigning client = ClientSignings.forPlatform(platform).orElseThrow();
        byte[] payload = client.prepare(platform, file, n -> {}).payload();

        String jobId = server.signer
                .signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(payload))
                        .payloadFormat(client.payloadFormat(platform)))
                .jobId();

        assertThat(describe("GET", "/signing-jobs/" + jobId, "signer", new byte[0])
                        .path("artifactDigest")
                        .asText())
                .isEqualTo("sha256:"
                        + HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(artifact)));
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
