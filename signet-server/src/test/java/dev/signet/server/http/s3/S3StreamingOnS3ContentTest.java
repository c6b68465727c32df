package dev.signet.server.http.s3;

import dev.signet.server.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link S3StreamingTest}, with object content in an S3-compatible bucket (S3Proxy) instead of files. */
class S3StreamingOnS3ContentTest extends S3StreamingTest {
    static S3Proxy proxy;

    @BeforeAll
    static void start() {
        proxy = S3Proxy.start();
        startOn(proxy.signetServer());
    }

    @AfterAll
    static void stop() {
        try {
            S3StreamingTest.stop();
        } finally {
            proxy.close();
        }
    }
}
