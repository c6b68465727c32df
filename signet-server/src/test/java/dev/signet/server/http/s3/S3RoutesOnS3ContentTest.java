package dev.signet.server.http.s3;

import dev.signet.server.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link S3RoutesTest}, with object content in an S3-compatible bucket (S3Proxy) instead of files. */
class S3RoutesOnS3ContentTest extends S3RoutesTest {
    static S3Proxy proxy;

    @BeforeAll
    static void start() {
        proxy = S3Proxy.start();
        startOn(proxy.signetServer());
    }

    @AfterAll
    static void stop() {
        try {
            S3RoutesTest.stop();
        } finally {
            proxy.close();
        }
    }
}
