package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;

/** close() lets a request that is already streaming finish. */
class GracefulCloseTest {

    @Test
    void aDownloadInFlightCompletesWhileTheServerCloses() throws Exception {
        byte[] content = new byte[24 * 1024 * 1024];
        new Random(1).nextBytes(content);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);
        TestServer server = TestServer.start();
        CompletableFuture<Void> closing;
        try (S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("drain"));
            s3.putObject(b -> b.bucket("drain").key("big"), RequestBody.fromBytes(content));
            try (InputStream in =
                    s3.getObject(b -> b.bucket("drain").key("big"), ResponseTransformer.toInputStream())) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                byte[] buffer = new byte[64 * 1024];
                int n = in.readNBytes(buffer, 0, buffer.length);
                sha.update(buffer, 0, n);
                closing = CompletableFuture.runAsync(server::close);
                while ((n = in.read(buffer)) >= 0) {
                    sha.update(buffer, 0, n);
                }
                assertThat(sha.digest()).isEqualTo(expected);
            }
        }
        closing.get(60, TimeUnit.SECONDS);
    }
}
