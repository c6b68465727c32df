package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.service.job.JobStatus;
import dev.signet.server.service.job.SigningJob;
import dev.signet.server.store.Database;
import dev.signet.server.store.signer.JdbiJobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.GetSigningProfileResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Profiles, jobs, keys and objects survive a restart; the signing key after a restart is the same
 * one; a job a crash left InProgress is finished after the restart.
 */
class SignerRestartIntegrationTest {
    @TempDir
    Path dir;

    @Test
    void everythingSurvivesARestartAndTheSameKeySigns() throws Exception {
        Path data = dir.resolve("data");
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Path artifact = Files.write(dir.resolve("artifact.bin"), content);
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);

        try (var server = new SignerTestServer(data)) {
            server.signer.putSigningProfile(b -> b.profileName("durable").platformId(SignerApiIntegrationTest.CMS));
            GetSigningProfileResponse before = server.signer.getSigningProfile(b -> b.profileName("durable"));
            byte[] firstSignature = signPayload(server, digest);
            server.s3.createBucket(b -> b.bucket("src"));
            server.s3.putBucketVersioning(
                    b -> b.bucket("src").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            server.s3.createBucket(b -> b.bucket("dst"));
            String version = server.s3
                    .putObject(b -> b.bucket("src").key("app.bin"), RequestBody.fromFile(artifact))
                    .versionId();
            String jobId = startJob(server, "durable", "app.bin", version, "before-restart");
            waitForSuccess(server, jobId);
            DescribeSigningJobResponse jobBefore = server.signer.describeSigningJob(b -> b.jobId(jobId));

            server.restart();

            GetSigningProfileResponse after = server.signer.getSigningProfile(b -> b.profileName("durable"));
            assertThat(after.toString()).isEqualTo(before.toString());
            assertThat(server.signer.describeSigningJob(b -> b.jobId(jobId)).toString())
                    .isEqualTo(jobBefore.toString());
            byte[] stored =
                    server.s3.getObjectAsBytes(b -> b.bucket("dst").key(jobId)).asByteArray();
            assertThat(OpensslCms.verify(artifact, stored, server.rootPem()).ok())
                    .isTrue();
            assertThat(server.s3
                            .getObjectAsBytes(
                                    b -> b.bucket("src").key("app.bin").versionId(version))
                            .asByteArray())
                    .isEqualTo(content);

            byte[] secondSignature = signPayload(server, digest);
            Processes.Result verified = OpensslCms.verify(artifact, secondSignature, server.rootPem());
            assertThat(verified.ok()).as(verified.output()).isTrue();
            X509CertificateHolder firstSigner = signer(firstSignature);
            X509CertificateHolder secondSigner = signer(secondSignature);
            assertThat(secondSigner).isEqualTo(firstSigner);
            assertThat(secondSigner.getSubjectPublicKeyInfo()).isEqualTo(firstSigner.getSubjectPublicKeyInfo());
            assertThat(startJobAndWait(server, version, "after-restart")).isEqualTo(SigningStatus.SUCCEEDED);
        }
    }

    @Test
    void aJobACrashLeftInProgressIsFinishedAfterTheRestart() throws Exception {
        Path data = dir.resolve("data");
        byte[] content = "firmware image".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String version;
        SigningJob finished;
        try (var server = new SignerTestServer(data)) {
            server.signer.putSigningProfile(b -> b.profileName("crashy").platformId(SignerApiIntegrationTest.CMS));
            server.s3.createBucket(b -> b.bucket("src"));
            server.s3.putBucketVersioning(
                    b -> b.bucket("src").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            server.s3.createBucket(b -> b.bucket("dst"));
            version = server.s3
                    .putObject(b -> b.bucket("src").key("fw.bin"), RequestBody.fromBytes(content))
                    .versionId();
            String jobId = startJob(server, "crashy", "fw.bin", version, "first");
            waitForSuccess(server, jobId);
            finished = new JdbiJobRepository(server.server.assembly().database())
                    .find(jobId)
                    .orElseThrow();
        }

        // what a crash mid-job leaves behind: an InProgress row whose worker holds a live lease
        String orphanId = UUID.randomUUID().toString();
        try (Database db = Database.sqlite(data.resolve("signet.db"))) {
            var jobs = new JdbiJobRepository(db);
            jobs.insertIdempotent(new SigningJob(
                    orphanId,
                    finished.jobOwner(),
                    finished.jobInvoker(),
                    finished.requestedBy(),
                    Optional.of("orphan"),
                    finished.profileName(),
                    finished.profileVersion(),
                    finished.platformId(),
                    finished.platformDisplayName(),
                    Optional.empty(),
                    finished.source(),
                    finished.destination(),
                    Optional.empty(),
                    finished.overrides(),
                    finished.signingParameters(),
                    JobStatus.InProgress,
                    Optional.empty(),
                    Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                    Optional.empty(),
                    finished.signatureExpiresAt(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty()));
            Instant now = Instant.now();
            assertThat(jobs.claim(orphanId, "crashed-node", now, now.plus(Duration.ofHours(1))))
                    .hasValueSatisfying(lease -> assertThat(lease.attempt()).isEqualTo(1));
        }

        try (var server = new SignerTestServer(data)) {
            DescribeSigningJobResponse job = waitForSuccess(server, orphanId);
            assertThat(job.signedObject().s3().key()).isEqualTo(orphanId);
            byte[] signature = server.s3
                    .getObjectAsBytes(b -> b.bucket("dst").key(orphanId))
                    .asByteArray();
            Path artifact = Files.write(dir.resolve("fw.bin"), content);
            assertThat(OpensslCms.verify(artifact, signature, server.rootPem()).ok())
                    .isTrue();
        }
    }

    private static byte[] signPayload(SignerTestServer server, byte[] digest) {
        return server.signer
                .signPayload(b -> b.profileName("durable")
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat(SignerApiIntegrationTest.DIGEST_FORMAT))
                .signature()
                .asByteArray();
    }

    private static String startJob(SignerTestServer server, String profile, String key, String version, String token) {
        return server.signer
                .startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(token)
                        .source(s -> s.s3(s3 -> s3.bucketName("src").key(key).version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("dst"))))
                .jobId();
    }

    private static SigningStatus startJobAndWait(SignerTestServer server, String version, String token) {
        return waitForSuccess(server, startJob(server, "durable", "app.bin", version, token))
                .status();
    }

    private static DescribeSigningJobResponse waitForSuccess(SignerTestServer server, String jobId) {
        return server.signer
                .waiter()
                .waitUntilSuccessfulSigningJob(
                        b -> b.jobId(jobId),
                        o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                .maxAttempts(600))
                .matched()
                .response()
                .orElseThrow();
    }

    private static X509CertificateHolder signer(byte[] der) throws Exception {
        CMSSignedData cms = new CMSSignedData(der);
        SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        var matches = cms.getCertificates().getMatches(info.getSID());
        return (X509CertificateHolder) matches.iterator().next();
    }
}
