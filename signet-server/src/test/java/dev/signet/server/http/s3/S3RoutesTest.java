package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3Client 2.40.2 with default settings (aws-chunked, trailing checksums) against a real server. */
class S3RoutesTest {
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
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void createPutGetHeadList() {
        s3.createBucket(b -> b.bucket("basics"));
        assertThat(s3.listBuckets().buckets())
                .anySatisfy(b -> assertThat(b.name()).isEqualTo("basics"));
        s3.headBucket(b -> b.bucket("basics"));

        PutObjectResponse put = s3.putObject(
                b -> b.bucket("basics").key("dir/hello.txt").contentType("text/plain"),
                RequestBody.fromString("hello world"));
        assertThat(put.eTag()).isEqualTo("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"");

        ResponseBytes<GetObjectResponse> got =
                s3.getObjectAsBytes(b -> b.bucket("basics").key("dir/hello.txt"));
        assertThat(got.asUtf8String()).isEqualTo("hello world");
        assertThat(got.response().contentType()).isEqualTo("text/plain");
        assertThat(got.response().eTag()).isEqualTo(put.eTag());

        HeadObjectResponse head = s3.headObject(b -> b.bucket("basics").key("dir/hello.txt"));
        assertThat(head.contentLength()).isEqualTo(11);
        assertThat(head.lastModified()).isNotNull();

        ResponseBytes<GetObjectResponse> range =
                s3.getObjectAsBytes(b -> b.bucket("basics").key("dir/hello.txt").range("bytes=6-"));
        assertThat(range.asUtf8String()).isEqualTo("world");

        ListObjectsV2Response list = s3.listObjectsV2(b -> b.bucket("basics").prefix("dir/"));
        assertThat(list.contents()).singleElement().satisfies(o -> {
            assertThat(o.key()).isEqualTo("dir/hello.txt");
            assertThat(o.size()).isEqualTo(11);
            assertThat(o.eTag()).isEqualTo(put.eTag());
        });
    }

    @Test
    void keysWithSlashesAndUnicodeRoundTrip() {
        s3.createBucket(b -> b.bucket("unicode"));
        List<String> keys = List.of(
                "a/b/c",
                "ü ñ 漢字/ファイル.bin",
                "spaces and+plus=eq&amp",
                "x//y",
                "tilde~*'()!$",
                "dots/../up",
                "./here",
                "percent%2Fslash",
                "question?hash#");
        for (String key : keys) {
            s3.putObject(b -> b.bucket("unicode").key(key), RequestBody.fromString(key));
        }
        for (String key : keys) {
            assertThat(s3.getObjectAsBytes(b -> b.bucket("unicode").key(key)).asUtf8String())
                    .isEqualTo(key);
        }
        assertThat(s3.listObjectsV2(b -> b.bucket("unicode")).contents())
                .extracting(o -> o.key())
                .containsExactlyElementsOf(keys.stream()
                        .sorted((x, y) -> java.util.Arrays.compareUnsigned(
                                x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)))
                        .toList());
    }

    @Test
    void versioningKeepsEveryVersion() {
        s3.createBucket(b -> b.bucket("versioned"));
        assertThat(s3.getBucketVersioning(b -> b.bucket("versioned")).status()).isNull();
        s3.putBucketVersioning(
                b -> b.bucket("versioned").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        assertThat(s3.getBucketVersioning(b -> b.bucket("versioned")).status())
                .isEqualTo(BucketVersioningStatus.ENABLED);

        String v1 = s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("one"))
                .versionId();
        String v2 = s3.putObject(b -> b.bucket("versioned").key("k"), RequestBody.fromString("two"))
                .versionId();
        assertThat(v1).isNotEqualTo(v2).isNotEqualTo("null");

        assertThat(s3.getObjectAsBytes(b -> b.bucket("versioned").key("k")).asUtf8String())
                .isEqualTo("two");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("versioned").key("k").versionId(v1))
                        .asUtf8String())
                .isEqualTo("one");

        ListObjectVersionsResponse versions = s3.listObjectVersions(b -> b.bucket("versioned"));
        assertThat(versions.versions()).extracting(v -> v.versionId()).containsExactly(v2, v1);
        assertThat(versions.versions()).extracting(v -> v.isLatest()).containsExactly(true, false);

        s3.deleteObject(b -> b.bucket("versioned").key("k"));
        assertThatThrownBy(() -> s3.getObject(b -> b.bucket("versioned").key("k")))
                .isInstanceOf(NoSuchKeyException.class)
                .hasMessageContaining("The specified key does not exist.");
        assertThat(s3.getObjectAsBytes(b -> b.bucket("versioned").key("k").versionId(v2))
                        .asUtf8String())
                .isEqualTo("two");
        assertThat(s3.listObjectVersions(b -> b.bucket("versioned")).deleteMarkers())
                .hasSize(1);
    }

    @Test
    void unversionedOverwriteKeepsOneNullVersion() {
        s3.createBucket(b -> b.bucket("plain"));
        s3.putObject(b -> b.bucket("plain").key("k"), RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket("plain").key("k"), RequestBody.fromString("two"));
        assertThat(s3.listObjectVersions(b -> b.bucket("plain")).versions())
                .singleElement()
                .satisfies(v -> assertThat(v.versionId()).isEqualTo("null"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("plain").key("k")).asUtf8String())
                .isEqualTo("two");
    }

    @Test
    void listV2Pages() {
        s3.createBucket(b -> b.bucket("pages"));
        for (int i = 0; i < 7; i++) {
            String key = "k" + i;
            s3.putObject(b -> b.bucket("pages").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response first = s3.listObjectsV2(b -> b.bucket("pages").maxKeys(3));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.contents()).extracting(o -> o.key()).containsExactly("k0", "k1", "k2");
        ListObjectsV2Response second =
                s3.listObjectsV2(b -> b.bucket("pages").maxKeys(3).continuationToken(first.nextContinuationToken()));
        assertThat(second.contents()).extracting(o -> o.key()).containsExactly("k3", "k4", "k5");
        assertThat(s3.listObjectsV2Paginator(b -> b.bucket("pages").maxKeys(2)).contents())
                .hasSize(7);
        assertThat(s3.listObjectsV2(b -> b.bucket("pages").startAfter("k4")).contents())
                .extracting(o -> o.key())
                .containsExactly("k5", "k6");
    }

    @Test
    void errorsHaveS3Shapes() {
        assertThatThrownBy(() -> s3.putObject(b -> b.bucket("missing-bucket").key("k"), RequestBody.fromString("x")))
                .isInstanceOfSatisfying(NoSuchBucketException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> s3.createBucket(b -> b.bucket("xn--reserved-prefix")))
                .isInstanceOfSatisfying(
                        S3Exception.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidBucketName"));
        s3.createBucket(b -> b.bucket("twice"));
        // us-east-1: re-creating a bucket you own succeeds, as AWS answers there
        assertThat(s3.createBucket(b -> b.bucket("twice")).sdkHttpResponse().statusCode())
                .isEqualTo(200);
    }

    @Test
    void delimiterGroupsCommonPrefixes() {
        s3.createBucket(b -> b.bucket("tree"));
        for (String key : List.of("a/1", "a/2", "b/c/3", "top", "z/9")) {
            s3.putObject(b -> b.bucket("tree").key(key), RequestBody.fromString(key));
        }
        ListObjectsV2Response root = s3.listObjectsV2(b -> b.bucket("tree").delimiter("/"));
        assertThat(root.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("a/", "b/", "z/");
        assertThat(root.contents()).extracting(o -> o.key()).containsExactly("top");
        ListObjectsV2Response paged =
                s3.listObjectsV2(b -> b.bucket("tree").delimiter("/").maxKeys(2));
        assertThat(paged.isTruncated()).isTrue();
        assertThat(paged.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("a/", "b/");
        ListObjectsV2Response rest = s3.listObjectsV2(
                b -> b.bucket("tree").delimiter("/").maxKeys(2).continuationToken(paged.nextContinuationToken()));
        assertThat(rest.contents()).extracting(o -> o.key()).containsExactly("top");
        assertThat(rest.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("z/");
        assertThat(rest.isTruncated()).isFalse();
        assertThat(s3.listObjectsV2(b -> b.bucket("tree").prefix("b/").delimiter("/"))
                        .commonPrefixes())
                .extracting(p -> p.prefix())
                .containsExactly("b/c/");
    }

    @Test
    void versionListingPages() {
        s3.createBucket(b -> b.bucket("many-versions"));
        s3.putBucketVersioning(
                b -> b.bucket("many-versions").versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
        for (int i = 0; i < 5; i++) {
            String body = "v" + i;
            String key = i < 3 ? "a" : "b";
            s3.putObject(b -> b.bucket("many-versions").key(key), RequestBody.fromString(body));
        }
        ListObjectVersionsResponse first =
                s3.listObjectVersions(b -> b.bucket("many-versions").maxKeys(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.versions()).extracting(v -> v.key()).containsExactly("a", "a");
        ListObjectVersionsResponse second = s3.listObjectVersions(b -> b.bucket("many-versions")
                .maxKeys(2)
                .keyMarker(first.nextKeyMarker())
                .versionIdMarker(first.nextVersionIdMarker()));
        assertThat(second.versions()).extracting(v -> v.key()).containsExactly("a", "b");
        assertThat(s3.listObjectVersionsPaginator(b -> b.bucket("many-versions").maxKeys(2))
                        .versions())
                .hasSize(5);
    }

    @Test
    void listObjectsVersion1Pages() {
        s3.createBucket(b -> b.bucket("v1-listing"));
        for (int i = 0; i < 5; i++) {
            String key = "k" + i;
            s3.putObject(b -> b.bucket("v1-listing").key(key), RequestBody.fromString(key));
        }
        var first = s3.listObjects(b -> b.bucket("v1-listing").maxKeys(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.contents()).extracting(o -> o.key()).containsExactly("k0", "k1");
        var rest = s3.listObjects(b -> b.bucket("v1-listing").marker(first.nextMarker()));
        assertThat(rest.contents()).extracting(o -> o.key()).containsExactly("k2", "k3", "k4");
        assertThat(rest.isTruncated()).isFalse();
    }
}
