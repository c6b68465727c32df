package dev.signet.server.http.signer;

import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Infra's {@link TestServer} with the Signer and S3 APIs over {@code dataDir}, and SDK clients with
 * their default settings, authenticated with the bootstrap admin key. Restartable over the same
 * directory.
 */
final class SignerTestServer implements AutoCloseable {
    final TestServer server;
    SignerClient signer;
    S3Client s3;

    SignerTestServer(Path dataDir) {
        this.server = TestServer.start(dataDir);
        connect();
    }

    private void connect() {
        signer = server.signer();
        s3 = server.s3();
    }

    /** Stops the server and starts it again on the same data directory, with fresh clients. */
    void restart() {
        signer.close();
        s3.close();
        server.restart();
        connect();
    }

    /** A name no other test uses: {@code prefix} plus 12 random hex digits. */
    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates a versioned bucket for job sources and a plain one for signed objects. */
    void createBuckets(String versionedSource, String destination) {
        s3.createBucket(b -> b.bucket(versionedSource));
        s3.putBucketVersioning(
                b -> b.bucket(versionedSource).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket(destination));
    }

    /**
     * Runs StartSigningJob on {@code profile} for version {@code version} of {@code key} in bucket
     * {@code sources}, writing under {@code out/} in bucket {@code signed}, and waits (at most 60 s)
     * until the job is no longer InProgress.
     */
    DescribeSigningJobResponse runJob(String profile, String key, String version) {
        String jobId = signer.startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(s3 -> s3.bucketName("sources").key(key).version(version)))
                        .destination(d -> d.s3(s3 -> s3.bucketName("signed").prefix("out/"))))
                .jobId();
        for (int i = 0; i < 600; i++) {
            DescribeSigningJobResponse job = signer.describeSigningJob(b -> b.jobId(jobId));
            if (job.status() != SigningStatus.IN_PROGRESS) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish within 60 s");
    }

    Path rootPem() {
        return server.dataDir().resolve("ca").resolve("root.pem");
    }

    @Override
    public void close() {
        signer.close();
        s3.close();
        server.close();
    }
}
