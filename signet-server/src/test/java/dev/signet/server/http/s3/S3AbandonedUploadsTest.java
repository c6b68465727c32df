package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Abandoned multipart uploads are aborted by the server: at start, and in the background while it runs. */
class S3AbandonedUploadsTest {

    @Test
    void aRestartAbortsUploadsOlderThanTheConfiguredAge() {
        MutableClock clock = MutableClock.ofNow();
        try (TestServer server = TestServer.start(clock, Duration.ofDays(7))) {
            try (S3Client s3 = server.s3()) {
                s3.createBucket(b -> b.bucket("old-uploads"));
                String id = s3.createMultipartUpload(
                                b -> b.bucket("old-uploads").key("k"))
                        .uploadId();
                s3.uploadPart(
                        b -> b.bucket("old-uploads").key("k").uploadId(id).partNumber(1), RequestBody.fromString("x"));
            }
            clock.advance(Duration.ofDays(6));
            server.restart();
            try (S3Client s3 = server.s3()) {
                assertThat(s3.listMultipartUploads(b -> b.bucket("old-uploads")).uploads())
                        .hasSize(1);
            }
            clock.advance(Duration.ofDays(2));
            server.restart();
            try (S3Client s3 = server.s3()) {
                assertThat(s3.listMultipartUploads(b -> b.bucket("old-uploads")).uploads())
                        .isEmpty();
            }
        }
    }

    @Test
    void aRunningServerAbortsThemInTheBackground() throws Exception {
        try (TestServer server = TestServer.start(Clock.systemUTC(), Duration.ofSeconds(2));
                S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("short-lived"));
            s3.createMultipartUpload(b -> b.bucket("short-lived").key("k"));
            assertThat(s3.listMultipartUploads(b -> b.bucket("short-lived")).uploads())
                    .hasSize(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!s3.listMultipartUploads(b -> b.bucket("short-lived"))
                            .uploads()
                            .isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(s3.listMultipartUploads(b -> b.bucket("short-lived")).uploads())
                    .as("swept within 60 s of a 2 s age")
                    .isEmpty();
        }
    }
}
