package dev.signet.server.http.signer;

import static dev.signet.server.http.signer.SignerTestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * StartSigningJob refuses sources it must not sign (empty, an empty Lambda zip, an artifact that
 * already is a signature) with a Failed job whose statusReason says why; and the job fields users
 * rely on (owner, invoker, requestedBy, expiry, idempotency).
 */
class SignerSourceChecksIntegrationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String LAMBDA = "AWSLambda-SHA384-ECDSA";

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

    static Stream<Arguments> refusedSources() throws Exception {
        ByteArrayOutputStream emptyZip = new ByteArrayOutputStream();
        new ZipOutputStream(emptyZip).close();
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("index.js"));
            out.write("exports.handler = async () => 1;".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return Stream.of(
                Arguments.of(CMS, new byte[0], "empty"),
                Arguments.of(LAMBDA, new byte[0], "empty"),
                Arguments.of(LAMBDA, emptyZip.toByteArray(), "zip is empty"),
                Arguments.of(LAMBDA, "not a zip at all".getBytes(java.nio.charset.StandardCharsets.UTF_8), "not a zip"),
                Arguments.of(CMS, signature(), "already signed"));
    }

    /** A CMS signature the server made, fed back to it as a source. */
    static byte[] signature() {
        String name = unique("sig");
        server.signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        return server.signer
                .signPayload(b -> b.profileName(name)
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat("application/vnd.signet.digest+sha256"))
                .signature()
                .asByteArray();
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("refusedSources")
    void aRefusedSourceFailsTheJobWithAReason(String platform, byte[] content, String reason) {
        DescribeSigningJobResponse job = run(platform, content);
        assertThat(job.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(job.statusReason()).contains(reason);
        assertThat(job.signedObject()).isNull();
    }

    @Test
    void aJobReportsOwnerInvokerRequesterAndExpiryAndATokenNeverSignsTwice() {
        String name = unique("fields");
        server.signer.putSigningProfile(b -> b.profileName(name)
                .platformId(CMS)
                .signatureValidityPeriod(v -> v.value(2).type("YEARS")));
        String version = server.s3
                .putObject(b -> b.bucket("sources").key("a.bin"), RequestBody.fromString("artifact"))
                .versionId();
        String token = UUID.randomUUID().toString();
        String first = start(name, token, version);
        String second = start(name, token, version);
        assertThat(second).isEqualTo(first);

        DescribeSigningJobResponse job = await(first);
        assertThat(job.status()).isEqualTo(SigningStatus.SUCCEEDED);
        assertThat(job.jobOwner()).isEqualTo("000000000000");
        assertThat(job.jobInvoker()).isEqualTo("000000000000");
        assertThat(job.requestedBy()).matches("arn:aws:iam::000000000000:user/.+");
        assertThat(job.signatureExpiresAt())
                .isEqualTo(job.createdAt()
                        .atZone(java.time.ZoneOffset.UTC)
                        .plusYears(2)
                        .toInstant());
        assertThat(server.signer.listSigningJobsPaginator(b -> b.requestedBy(job.requestedBy())).stream()
                        .flatMap(r -> r.jobs().stream())
                        .filter(j -> j.jobId().equals(first))
                        .count())
                .isEqualTo(1);
        assertThat(server.signer
                        .listSigningJobs(b -> b.requestedBy("arn:aws:iam::000000000000:user/nobody"))
                        .jobs())
                .isEmpty();
        assertThat(server.s3
                        .listObjectsV2(b -> b.bucket("signed").prefix("out/" + first))
                        .keyCount())
                .isEqualTo(1);
    }

    private static DescribeSigningJobResponse run(String platform, byte[] content) {
        String name = unique("src");
        server.signer.putSigningProfile(b -> b.profileName(name).platformId(platform));
        String key = unique("object");
        String version = server.s3
                .putObject(b -> b.bucket("sources").key(key), RequestBody.fromBytes(content))
                .versionId();
        String jobId = server.signer
                .startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("sources").key(key).version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                .jobId();
        return await(jobId);
    }

    private static String start(String name, String token, String version) {
        return server.signer
                .startSigningJob(b -> b.profileName(name)
                        .clientRequestToken(token)
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("sources").key("a.bin").version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                .jobId();
    }

    /** The job once it is finished, whichever way; the waiter fails on Failed, so that is caught. */
    private static DescribeSigningJobResponse await(String jobId) {
        try {
            server.signer
                    .waiter()
                    .waitUntilSuccessfulSigningJob(
                            b -> b.jobId(jobId),
                            o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                    .maxAttempts(600));
        } catch (SdkClientException failedOrTimedOut) {
            // the job's state is asserted from DescribeSigningJob below
        }
        return server.signer.describeSigningJob(b -> b.jobId(jobId));
    }
}
