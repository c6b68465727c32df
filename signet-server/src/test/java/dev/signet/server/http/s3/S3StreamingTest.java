package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.GeneratedContent;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Large bodies stream both ways; body checks refuse bad uploads and store nothing; presigned GETs. */
class S3StreamingTest {
    static final long LARGE = 50L * 1024 * 1024 + 12345;
    static TestServer server;
    static S3Client s3;

    @BeforeAll
    static void start() {
        startOn(TestServer.start());
    }

    /** Starts the tests on {@code started}; the S3-content variant passes a server whose content is in S3Proxy. */
    static void startOn(TestServer started) {
        server = started;
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("big"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    static InputStream generated(long size, long seed) {
        return GeneratedContent.stream(size, seed);
    }

    static String md5(InputStream in) throws IOException {
        return GeneratedContent.hex("MD5", in);
    }

    @Test
    void largeObjectStreamsBothWaysWithDefaultSettings() throws Exception {
        String expected = md5(generated(LARGE, 7));
        String etag = s3.putObject(
                        b -> b.bucket("big").key("large.bin"),
                        RequestBody.fromContentProvider(() -> generated(LARGE, 7), LARGE, "application/octet-stream"))
                .eTag();
        assertThat(etag).isEqualTo("\"" + expected + "\"");
        try (InputStream in =
                s3.getObject(b -> b.bucket("big").key("large.bin"), ResponseTransformer.toInputStream())) {
            assertThat(md5(in)).isEqualTo(expected);
        }
        assertThat(s3.headObject(b -> b.bucket("big").key("large.bin")).contentLength())
                .isEqualTo(LARGE);
    }

    @Test
    void largeObjectWithoutChunkedEncoding() throws Exception {
        try (S3Client plain = server.s3(b -> b.serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED))) {
            long size = 8L * 1024 * 1024;
            String etag = plain.putObject(
                            b -> b.bucket("big").key("plain.bin"),
                            RequestBody.fromContentProvider(() -> generated(size, 9), size, "application/octet-stream"))
                    .eTag();
            assertThat(etag).isEqualTo("\"" + md5(generated(size, 9)) + "\"");
        }
    }

    @Test
    void wrongContentMd5IsBadDigestAndStoresNothing() {
        assertThatThrownBy(() -> s3.putObject(
                        b -> b.bucket("big").key("md5.bin").contentMD5("AAAAAAAAAAAAAAAAAAAAAA=="),
                        RequestBody.fromString("some content")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("big").key("md5.bin")))
                .isInstanceOf(NoSuchKeyException.class)
                .satisfies(
                        e -> assertThat(((NoSuchKeyException) e).statusCode()).isEqualTo(404));
    }

    @Test
    void presignedGetWorksAndATamperedOneDoesNot() throws Exception {
        s3.putObject(b -> b.bucket("big").key("shared.txt"), RequestBody.fromString("presigned content"));
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(server.credentialsProvider())
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(true)
                        .build())
                .build()) {
            URI url = presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket("big").key("shared.txt")))
                    .url()
                    .toURI();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ok =
                    http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("presigned content");

            URI other = URI.create(url.toString().replace("shared.txt", "other.txt"));
            HttpResponse<String> bad =
                    http.send(HttpRequest.newBuilder(other).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(403);
            assertThat(bad.body()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    @Test
    void rangesAreServed() throws IOException {
        s3.putObject(b -> b.bucket("big").key("range.txt"), RequestBody.fromString("0123456789"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("big").key("range.txt").range("bytes=2-4"))
                        .asUtf8String())
                .isEqualTo("234");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("big").key("range.txt").range("bytes=-3"))
                        .asUtf8String())
                .isEqualTo("789");
        assertThatThrownBy(() -> s3.getObjectAsBytes(
                        b -> b.bucket("big").key("range.txt").range("bytes=20-")))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(416));
    }
}
