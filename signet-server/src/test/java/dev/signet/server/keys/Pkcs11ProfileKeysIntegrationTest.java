package dev.signet.server.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.SoftHsm;
import dev.signet.server.KeySettings;
import dev.signet.server.SignetServerException;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SignerException;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * A server whose new profile keys go to a SoftHSM2 token ({@code keys.new-profile-keys: pkcs11}):
 * the profile's key is generated on the token, SignPayload and StartSigningJob sign with it and
 * openssl verifies the CMS; with the token unplugged SignPayload and {@code /v1/ready} answer 503,
 * and signing works again once it is back, without a restart.
 */
class Pkcs11ProfileKeysIntegrationTest {
    private static final String CMS = "Signet-CMS-SHA256-ECDSA";
    private static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";

    @TempDir
    Path dir;

    @Test
    void profileKeysLiveOnTheTokenSignAndSurviveItsRemoval() throws Exception {
        SoftHsm hsm = SoftHsm.create(dir.resolve("hsm"), "signet-server");
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN + "\n");
        KeySettings keys = KeySettings.pkcs11(hsm.settings(8), pinFile);
        try (TestServer server = TestServer.start(Clock.systemUTC(), c -> c.withKeys(keys));
                SignerClient signer = server.signer()) {
            assertThat(privateKeysOnToken(hsm))
                    .as("the CA and TSA keys stay in software")
                    .isZero();
            signer.putSigningProfile(b -> b.profileName("hsm_cms").platformId(CMS));
            assertThat(privateKeysOnToken(hsm))
                    .as("the profile's key is on the token")
                    .isEqualTo(1);

            Path artifact = Files.write(dir.resolve("app.bin"), randomBytes(50_000));
            Path root = server.dataDir().resolve("ca").resolve("root.pem");
            byte[] signature = signPayload(signer, artifact);
            Processes.Result verified = OpensslCms.verify(artifact, signature, root);
            assertThat(verified.ok()).as(verified.output()).isTrue();
            assertThat(OpensslCms.verify(OpensslCms.flipByte(artifact, 7), signature, root)
                            .ok())
                    .isFalse();

            DescribeSigningJobResponse job = startSigningJob(server, signer, artifact);
            assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);

            hsm.unplug();
            assertThatThrownBy(() -> signPayload(signer, artifact)).isInstanceOfSatisfying(SignerException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(503);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
            });
            assertThat(ready(server).statusCode()).isEqualTo(503);
            assertThat(ready(server).body()).contains("keyBackend");

            hsm.plugBack();
            byte[] again = eventually(() -> signPayload(signer, artifact));
            assertThat(OpensslCms.verify(artifact, again, root).ok()).isTrue();
            assertThat(eventually(() -> ready(server).statusCode() == 200 ? 200 : null))
                    .isEqualTo(200);
        }
    }

    @Test
    void aWrongPinStopsTheStartNamingTheSetting() throws Exception {
        SoftHsm hsm = SoftHsm.create(dir.resolve("hsm"), "signet-server");
        Path pinFile = Files.writeString(dir.resolve("pin"), "999999\n");
        KeySettings keys = KeySettings.pkcs11(hsm.settings(2), pinFile);
        assertThatThrownBy(() -> TestServer.start(Clock.systemUTC(), c -> c.withKeys(keys)))
                .hasRootCauseInstanceOf(dev.signet.core.crypto.KeyBackendException.class)
                .satisfies(e -> assertThat(findStart(e).getMessage())
                        .isEqualTo("keys.pkcs11.pin-file: the PIN of PKCS#11 token signet-server is wrong"));
    }

    @Test
    void anUnknownTokenLabelStopsTheStartNamingTheSetting() throws Exception {
        SoftHsm hsm = SoftHsm.create(dir.resolve("hsm"), "signet-server");
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN);
        KeySettings keys = new KeySettings(
                Optional.of(new dev.signet.core.crypto.pkcs11.Pkcs11Settings(hsm.module(), "no-such-token", 2)),
                Optional.of(pinFile),
                Optional.empty(),
                "pkcs11");
        assertThatThrownBy(() -> TestServer.start(Clock.systemUTC(), c -> c.withKeys(keys)))
                .satisfies(e -> assertThat(findStart(e).getMessage())
                        .startsWith("keys.pkcs11.token-label: no token labelled no-such-token in PKCS#11 module "));
    }

    private static SignetServerException findStart(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SignetServerException se && se.getMessage().startsWith("keys.")) {
                return se;
            }
        }
        throw new AssertionError("no start refusal naming a keys.* setting", e);
    }

    private static byte[] signPayload(SignerClient signer, Path artifact) throws java.io.IOException {
        byte[] digest = Digests.digest(HashAlgorithm.SHA256, artifact);
        return signer.signPayload(b -> b.profileName("hsm_cms")
                        .payload(SdkBytes.fromByteArray(digest))
                        .payloadFormat(DIGEST_FORMAT))
                .signature()
                .asByteArray();
    }

    private static DescribeSigningJobResponse startSigningJob(TestServer server, SignerClient signer, Path artifact)
            throws InterruptedException {
        String version;
        try (S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("sources"));
            s3.putBucketVersioning(
                    b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
            s3.createBucket(b -> b.bucket("signed"));
            version = s3.putObject(b -> b.bucket("sources").key("app.bin"), RequestBody.fromFile(artifact))
                    .versionId();
        }
        String jobId = signer.startSigningJob(b -> b.profileName("hsm_cms")
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(
                                s3 -> s3.bucketName("sources").key("app.bin").version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
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

    private static HttpResponse<String> ready(TestServer server) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.endpoint() + "/v1/ready"))
                .timeout(Duration.ofSeconds(10))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    interface Attempt<T> {
        T get() throws Exception;
    }

    /** Retries {@code attempt} (a failure or a null is a miss) for at most 10 s. */
    private static <T> T eventually(Attempt<T> attempt) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Exception last;
            try {
                T value = attempt.get();
                if (value != null) {
                    return value;
                }
                last = new IllegalStateException("no result yet");
            } catch (SignerException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still failing after 10 s", last);
            }
            Thread.sleep(250);
        }
    }

    private static int privateKeysOnToken(SoftHsm hsm) {
        return Pkcs11Tool.privateKeys(hsm);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(11).nextBytes(bytes);
        return bytes;
    }
}
