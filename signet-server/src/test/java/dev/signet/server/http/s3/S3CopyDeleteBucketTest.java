package dev.signet.server.http.s3;

import static dev.signet.server.http.s3.S3MultipartSdkTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * CopyObject, DeleteObjects, DeleteBucket, CreateBucket's region rules and object checksums and
 * metadata through the SDK's S3Client with default settings.
 */
class S3CopyDeleteBucketTest {
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
        s3.createBucket(b -> b.bucket("plain"));
        s3.createBucket(b -> b.bucket("versioned"));
        s3.putBucketVersioning(b -> b.bucket("versioned").versioningConfiguration(v -> v.status("Enabled")));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    @Test
    void copyKeepsOrReplacesMetadataAndTakesAVersion() {
        String v1 = s3.putObject(
                        b -> b.bucket("versioned")
                                .key("src")
                                .contentType("text/plain")
                                .metadata(Map.of("team", "a")),
                        RequestBody.fromString("first"))
                .versionId();
        s3.putObject(b -> b.bucket("versioned").key("src"), RequestBody.fromString("second"));

        CopyObjectResponse copied = s3.copyObject(b -> b.sourceBucket("versioned")
                .sourceKey("src")
                .sourceVersionId(v1)
                .destinationBucket("plain")
                .destinationKey("copy"));
        assertThat(copied.copySourceVersionId()).isEqualTo(v1);
        HeadObjectResponse head = s3.headObject(b -> b.bucket("plain").key("copy"));
        assertThat(head.contentType()).isEqualTo("text/plain");
        assertThat(head.metadata()).containsExactly(Map.entry("team", "a"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("plain").key("copy")).asUtf8String())
                .isEqualTo("first");
        assertThat(copied.copyObjectResult().eTag()).isEqualTo(head.eTag());

        s3.copyObject(b -> b.sourceBucket("versioned")
                .sourceKey("src")
                .sourceVersionId(v1)
                .destinationBucket("plain")
                .destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("application/x-signed")
                .metadata(Map.of("stage", "signed")));
        HeadObjectResponse replaced = s3.headObject(b -> b.bucket("plain").key("replaced"));
        assertThat(replaced.contentType()).isEqualTo("application/x-signed");
        assertThat(replaced.metadata()).containsExactly(Map.entry("stage", "signed"));
    }

    @Test
    void copyHonoursConditionsAndRefusesAPointlessSelfCopy() {
        String etag = s3.putObject(b -> b.bucket("versioned").key("cond"), RequestBody.fromString("x"))
                .eTag();
        assertError(
                () -> s3.copyObject(b -> b.sourceBucket("versioned")
                        .sourceKey("cond")
                        .destinationBucket("plain")
                        .destinationKey("cond")
                        .copySourceIfMatch("\"0123\"")),
                412,
                "PreconditionFailed");
        assertError(
                () -> s3.copyObject(b -> b.sourceBucket("versioned")
                        .sourceKey("cond")
                        .destinationBucket("plain")
                        .destinationKey("cond")
                        .copySourceIfModifiedSince(Instant.now().plusSeconds(3600))),
                412,
                "PreconditionFailed");
        s3.copyObject(b -> b.sourceBucket("versioned")
                .sourceKey("cond")
                .destinationBucket("plain")
                .destinationKey("cond")
                .copySourceIfMatch(etag));
        assertError(
                () -> s3.copyObject(b -> b.sourceBucket("versioned")
                        .sourceKey("cond")
                        .destinationBucket("versioned")
                        .destinationKey("cond")),
                400,
                "InvalidRequest");
        assertError(
                () -> s3.copyObject(b -> b.sourceBucket("versioned")
                        .sourceKey("missing")
                        .destinationBucket("plain")
                        .destinationKey("x")),
                404,
                "NoSuchKey");
    }

    @Test
    void restoringAnOlderVersionByCopyIsAllowed() {
        String old = s3.putObject(b -> b.bucket("versioned").key("restore"), RequestBody.fromString("old"))
                .versionId();
        s3.putObject(b -> b.bucket("versioned").key("restore"), RequestBody.fromString("new"));
        String restored = s3.copyObject(b -> b.sourceBucket("versioned")
                        .sourceKey("restore")
                        .sourceVersionId(old)
                        .destinationBucket("versioned")
                        .destinationKey("restore"))
                .versionId();
        assertThat(restored).isNotEqualTo(old);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("versioned").key("restore"))
                        .asUtf8String())
                .isEqualTo("old");
    }

    @Test
    void deleteObjectsReportsEachKeyAsS3Does() {
        String v = s3.putObject(b -> b.bucket("versioned").key("d1"), RequestBody.fromString("1"))
                .versionId();
        s3.putObject(b -> b.bucket("versioned").key("d2"), RequestBody.fromString("2"));
        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket("versioned")
                .delete(d -> d.objects(
                        ObjectIdentifier.builder().key("d1").versionId(v).build(),
                        ObjectIdentifier.builder().key("d2").build(),
                        ObjectIdentifier.builder().key("never-there").build())));
        assertThat(r.errors()).isEmpty();
        assertThat(r.deleted()).hasSize(3);
        DeletedObject byVersion = r.deleted().get(0);
        assertThat(byVersion.key()).isEqualTo("d1");
        assertThat(byVersion.versionId()).isEqualTo(v);
        assertThat(byVersion.deleteMarker()).isNull();
        DeletedObject marker = r.deleted().get(1);
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.deleteMarkerVersionId()).isNotBlank();
        // deleting the delete marker by its id brings d2 back
        DeleteObjectsResponse undo = s3.deleteObjects(b -> b.bucket("versioned")
                .delete(d -> d.objects(ObjectIdentifier.builder()
                        .key("d2")
                        .versionId(marker.deleteMarkerVersionId())
                        .build())));
        assertThat(undo.deleted().get(0).deleteMarker()).isTrue();
        assertThat(s3.getObjectAsBytes(b -> b.bucket("versioned").key("d2")).asUtf8String())
                .isEqualTo("2");

        DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket("versioned")
                .delete(d -> d.quiet(true)
                        .objects(ObjectIdentifier.builder().key("d2").build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(quiet.errors()).isEmpty();
    }

    @Test
    void deleteBucketOnlyWhenNothingIsLeft() {
        s3.createBucket(b -> b.bucket("doomed"));
        s3.putBucketVersioning(b -> b.bucket("doomed").versioningConfiguration(v -> v.status("Enabled")));
        String v = s3.putObject(b -> b.bucket("doomed").key("k"), RequestBody.fromString("x"))
                .versionId();
        assertError(() -> s3.deleteBucket(b -> b.bucket("doomed")), 409, "BucketNotEmpty");
        String marker = s3.deleteObject(b -> b.bucket("doomed").key("k")).versionId();
        assertThat(s3.listObjectsV2(b -> b.bucket("doomed")).contents()).isEmpty();
        assertError(() -> s3.deleteBucket(b -> b.bucket("doomed")), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket("doomed").key("k").versionId(v));
        s3.deleteObject(b -> b.bucket("doomed").key("k").versionId(marker));
        String upload =
                s3.createMultipartUpload(b -> b.bucket("doomed").key("u")).uploadId();
        assertError(() -> s3.deleteBucket(b -> b.bucket("doomed")), 409, "BucketNotEmpty");
        s3.abortMultipartUpload(b -> b.bucket("doomed").key("u").uploadId(upload));
        s3.deleteBucket(b -> b.bucket("doomed"));
        assertError(() -> s3.headBucket(b -> b.bucket("doomed")), 404, null);
        assertError(() -> s3.deleteBucket(b -> b.bucket("doomed")), 404, "NoSuchBucket");
    }

    @Test
    void createBucketFollowsTheServersRegion() {
        s3.createBucket(b -> b.bucket("again"));
        assertThat(s3.createBucket(b -> b.bucket("again")).sdkHttpResponse().statusCode())
                .isEqualTo(200);
        assertError(
                () -> s3.createBucket(b -> b.bucket("elsewhere")
                        .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1))),
                400,
                "IllegalLocationConstraintException");
        assertThat(s3.listBuckets().buckets()).extracting(x -> x.name()).doesNotContain("elsewhere");
        assertThat(s3.getBucketLocation(b -> b.bucket("again")).locationConstraintAsString())
                .isNullOrEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = ChecksumAlgorithm.class,
            names = {"CRC32", "CRC32_C", "SHA1", "SHA256"})
    void checksumsAreStoredAndReturned(ChecksumAlgorithm algorithm) {
        String key = "sum-" + algorithm;
        PutObjectResponse put = s3.putObject(
                b -> b.bucket("plain").key(key).checksumAlgorithm(algorithm), RequestBody.fromString("checked"));
        String expected = Checksums.of(algorithm, "checked".getBytes());
        assertThat(Checksums.member(put, algorithm)).isEqualTo(expected);
        HeadObjectResponse head = s3.headObject(b -> b.bucket("plain").key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(Checksums.member(head, algorithm)).isEqualTo(expected);
        assertThat(head.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
        GetObjectResponse got = s3.getObjectAsBytes(
                        b -> b.bucket("plain").key(key).checksumMode(ChecksumMode.ENABLED))
                .response();
        assertThat(Checksums.member(got, algorithm)).isEqualTo(expected);
        HeadObjectResponse plainHead = s3.headObject(b -> b.bucket("plain").key(key));
        assertThat(Checksums.member(plainHead, algorithm))
                .as("only with checksum mode")
                .isNull();
    }

    @Test
    void theSdksDefaultPutCarriesACrc32ThatIsKept() {
        PutObjectResponse put = s3.putObject(b -> b.bucket("plain").key("default"), RequestBody.fromString("abc"));
        assertThat(put.checksumCRC32()).isEqualTo(Checksums.of(ChecksumAlgorithm.CRC32, "abc".getBytes()));
        HeadObjectResponse head =
                s3.headObject(b -> b.bucket("plain").key("default").checksumMode(ChecksumMode.ENABLED));
        assertThat(head.checksumCRC32()).isEqualTo(put.checksumCRC32());
        assertThat(head.sdkHttpResponse().firstMatchingHeader("Last-Modified").orElseThrow())
                .matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    }
}
