package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.Subject;
import dev.signet.core.verify.VerificationResult;
import dev.signet.core.verify.Verifier;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.SignetServerException;
import dev.signet.server.objects.s3.S3ObjectSettings;
import dev.signet.server.testing.S3Proxy;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * A server whose object content is in an S3-compatible bucket (S3Proxy) signs end to end: the AWS
 * SDK uploads a function zip with a multipart upload (its parts joined in the bucket), StartSigningJob
 * reads it from there and writes the signed zip there (larger than one backing part, so a backing
 * multipart upload), and the signed zip read back through Signet's S3 API verifies. Nothing of the
 * content is on the node's disk. A server whose content bucket does not exist does not start.
 */
class SigningOnS3ContentIntegrationTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    static S3Proxy proxy;

    @BeforeAll
    static void start() {
        proxy = S3Proxy.start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    @Test
    void aServerWhoseContentBucketIsMissingDoesNotStart() {
        assertThatThrownBy(() -> SignetServer.start(
                        new ServerConfig("127.0.0.1", 0, dir.resolve("data")).withS3Objects(proxy.settings("missing"))))
                .isInstanceOf(SignetServerException.class)
                .hasMessage("Cannot start Signet: objects.bucket 'missing' does not exist at objects.endpoint "
                        + proxy.endpoint());
    }

    @Test
    void aJobReadsItsSourceFromS3ContentAndItsSignedOutputVerifies() throws Exception {
        S3ObjectSettings content = proxy.newBucket().withPartSize(5 * MIB);
        try (TestServer server = TestServer.start(Clock.systemUTC(), c -> c.withS3Objects(content));
                S3Client s3 = server.s3();
                SignerClient signer = server.signer()) {
            s3.createBucket(b -> b.bucket("functions"));
            s3.putBucketVersioning(
                    b -> b.bucket("functions").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            s3.createBucket(b -> b.bucket("signed"));
            signer.putSigningProfile(b -> b.profileName("s3_content").platformId("AWSLambda-SHA384-ECDSA"));

            byte[] zip = functionZip(12 * MIB);
            String version = multipartPut(s3, "functions", "function.zip", zip);
            DescribeSigningJobResponse job = sign(signer, version);

            assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
            byte[] signed = s3.getObjectAsBytes(
                            b -> b.bucket("signed").key(job.signedObject().s3().key()))
                    .asByteArray();
            Path file = Files.write(dir.resolve("signed.zip"), signed);
            try (ZipFile z = new ZipFile(file.toFile())) {
                assertThat(z.stream().map(ZipEntry::getName)).contains("index.js", "META-INF/signet.sig");
            }
            Verifier verifier = Verifier.builder()
                    .trustedRoots(Pem.decodeCertificates(
                            Files.readString(server.dataDir().resolve("ca").resolve("root.pem"))))
                    .build();
            VerificationResult result = verifier.verify(new Subject.File(file), new byte[0]);
            assertThat(result.valid()).as(result.toString()).isTrue();

            assertThat(proxy.keys(content, "data/"))
                    .as("the signed zip, one content object")
                    .hasSize(1);
            assertThat(proxy.keys(content, "parts/"))
                    .as("the source, a composite object read across its three parts")
                    .hasSize(3);
            assertThat(filesUnder(server.dataDir().resolve("objects")))
                    .as("no content on the node's disk")
                    .isEmpty();
        }
    }

    private static String multipartPut(S3Client s3, String bucket, String key, byte[] content) {
        String id = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        List<CompletedPart> parts = new ArrayList<>();
        for (int offset = 0, number = 1; offset < content.length; offset += 5 * MIB, number++) {
            byte[] part = Arrays.copyOfRange(content, offset, Math.min(content.length, offset + 5 * MIB));
            int n = number;
            String etag = s3.uploadPart(
                            b -> b.bucket(bucket).key(key).uploadId(id).partNumber(n), RequestBody.fromBytes(part))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        return s3.completeMultipartUpload(
                        b -> b.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)))
                .versionId();
    }

    private static DescribeSigningJobResponse sign(SignerClient signer, String version) throws InterruptedException {
        String jobId = signer.startSigningJob(b -> b.profileName("s3_content")
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(s3 ->
                                s3.bucketName("functions").key("function.zip").version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("signed/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within 60 s");
    }

    /** A function zip with a stored (incompressible) library of {@code size} bytes. */
    private static byte[] functionZip(int size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("index.js"));
            zip.write("exports.handler = async () => ({ statusCode: 200 });\n".getBytes());
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("node_modules/lib.bin"));
            byte[] lib = new byte[size];
            new Random(7).nextBytes(lib);
            zip.write(lib);
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).toList();
        }
    }
}
