package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.GeneratedContent;
import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedCopy;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;

/**
 * The SDK's S3TransferManager over its Java-based multipart client with default settings: a file
 * above the 8 MiB threshold goes up as a multipart upload with CRC32 part checksums, comes down part
 * by part ({@code partNumber}), and is copied with UploadPartCopy; every byte survives.
 */
class S3TransferManagerTest {
    static final long SIZE = 20L * 1024 * 1024 + 4097;
    static TestServer server;
    static S3AsyncClient s3;
    static S3TransferManager transfers;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        startOn(TestServer.start());
    }

    /** Starts the tests on {@code started}; the S3-content variant passes a server whose content is in S3Proxy. */
    static void startOn(TestServer started) {
        server = started;
        s3 = server.s3Multipart();
        transfers = S3TransferManager.builder().s3Client(s3).build();
        s3.createBucket(b -> b.bucket("transfers")).join();
    }

    @AfterAll
    static void stop() {
        transfers.close();
        s3.close();
        server.close();
    }

    @Test
    void fileGoesUpComesDownAndIsCopied() throws Exception {
        Path source = GeneratedContent.write(work.resolve("source.bin"), SIZE, 20);
        String sha = GeneratedContent.sha256(source);

        CompletedFileUpload up = transfers
                .uploadFile(u -> u.source(source)
                        .putObjectRequest(p -> p.bucket("transfers").key("big.bin")))
                .completionFuture()
                .join();
        assertThat(up.response().eTag()).as("a multipart ETag").matches("\"[0-9a-f]{32}-\\d+\"");

        var head = s3.headObject(h -> h.bucket("transfers").key("big.bin").checksumMode(ChecksumMode.ENABLED))
                .join();
        assertThat(head.contentLength()).isEqualTo(SIZE);

        Path down = work.resolve("down.bin");
        transfers
                .downloadFile(d -> d.destination(down)
                        .getObjectRequest(g -> g.bucket("transfers").key("big.bin")))
                .completionFuture()
                .join();
        assertThat(GeneratedContent.sha256(down)).isEqualTo(sha);

        CompletedCopy copy = transfers
                .copy(c -> c.copyObjectRequest(r -> r.sourceBucket("transfers")
                        .sourceKey("big.bin")
                        .destinationBucket("transfers")
                        .destinationKey("copy.bin")))
                .completionFuture()
                .join();
        assertThat(copy.response().copyObjectResult().eTag())
                .as("copied part by part with UploadPartCopy")
                .matches("\"[0-9a-f]{32}-\\d+\"");
        Path copied = work.resolve("copied.bin");
        transfers
                .downloadFile(d -> d.destination(copied)
                        .getObjectRequest(g -> g.bucket("transfers").key("copy.bin")))
                .completionFuture()
                .join();
        assertThat(GeneratedContent.sha256(copied)).isEqualTo(sha);
    }
}
