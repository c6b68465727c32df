package dev.signet.server.http.s3;

import dev.signet.server.objects.s3.S3ObjectSettings;
import dev.signet.server.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Every test of {@link S3MultipartSdkTest}, with object content in an S3-compatible bucket (S3Proxy) instead of files. */
class S3MultipartSdkOnS3ContentTest extends S3MultipartSdkTest {
    static S3Proxy proxy;

    @BeforeAll
    static void start() {
        proxy = S3Proxy.start();
        S3ObjectSettings content = proxy.newBucket();
        startOn(proxy.signetServer(content));
        partContents = () -> proxy.keys(content, "parts/").size();
        keepsParts = true;
    }

    @AfterAll
    static void stop() {
        try {
            S3MultipartSdkTest.stop();
        } finally {
            proxy.close();
        }
    }
}
