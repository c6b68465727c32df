package dev.signet.server.http.signer;

import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;

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
