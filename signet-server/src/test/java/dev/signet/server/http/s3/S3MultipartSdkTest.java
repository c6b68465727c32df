package dev.signet.server.http.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.GeneratedContent;
import dev.signet.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Multipart uploads through the AWS SDK for Java's S3Client with its default settings (aws-chunked
 * bodies, default CRC32 part checksums): ETags as S3 computes them, composite and full-object
 * checksums, part-wise reads, listings, abort, versioning, restarts and S3's errors.
 */
class S3MultipartSdkTest {
    static final int MIB = 1024 * 1024;
    static TestServer server;
    static S3Client s3;

    @BeforeAll
    static void start() {
        partContents = S3MultipartSdkTest::partFilesOnDisk;
        keepsParts = false;
        startOn(TestServer.start());
    }

    /** Starts the tests on {@code started}; the S3-content variant passes a server whose content is in S3Proxy. */
    static void startOn(TestServer started) {
        server = started;
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("mpu"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        server.close();
    }

    static byte[] content(int size, long seed) throws IOException {
        return GeneratedContent.stream(size, seed).readAllBytes();
    }

    /** Uploads {@code parts} as parts 1..n of a new upload and completes it with the SDK's part list. */
    static CompleteMultipartUploadResponse upload(
            String key, List<byte[]> parts, ChecksumAlgorithm algorithm, ChecksumType type) {
        String uploadId = s3.createMultipartUpload(b -> {
                    b.bucket("mpu").key(key);
                    if (algorithm != null) {
                        b.checksumAlgorithm(algorithm).checksumType(type);
                    }
                })
                .uploadId();
        List<CompletedPart> completed = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            int n = i + 1;
            UploadPartResponse r = s3.uploadPart(
                    b -> {
                        b.bucket("mpu").key(key).uploadId(uploadId).partNumber(n);
                        if (algorithm != null) {
                            b.checksumAlgorithm(algorithm);
                        }
                    },
                    RequestBody.fromBytes(parts.get(i)));
            completed.add(CompletedPart.builder()
                    .partNumber(n)
                    .eTag(r.eTag())
                    .checksumCRC32(r.checksumCRC32())
                    .checksumCRC32C(r.checksumCRC32C())
                    .checksumSHA1(r.checksumSHA1())
                    .checksumSHA256(r.checksumSHA256())
                    .build());
        }
        return s3.completeMultipartUpload(
                b -> b.bucket("mpu").key(key).uploadId(uploadId).multipartUpload(m -> m.parts(completed)));
    }

    static String multipartEtag(List<byte[]> parts) throws Exception {
        MessageDigest all = MessageDigest.getInstance("MD5");
        for (byte[] p : parts) {
            all.update(MessageDigest.getInstance("MD5").digest(p));
        }
        return "\"" + HexFormat.of().formatHex(all.digest()) + "-" + parts.size() + "\"";
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Test
    void defaultUploadHasS3sEtagAndContent() throws Exception {
        List<byte[]> parts = List.of(content(5 * MIB, 1), content(5 * MIB + 3, 2), content(1000, 3));
        long partFiles = partFiles();
        CompleteMultipartUploadResponse done = upload("plain.bin", parts, null, null);
        assertThat(done.eTag()).isEqualTo(multipartEtag(parts));
        assertThat(done.location()).endsWith("/mpu/plain.bin");
        byte[] whole =
                s3.getObjectAsBytes(b -> b.bucket("mpu").key("plain.bin")).asByteArray();
        assertThat(whole).isEqualTo(concat(parts));
        HeadObjectResponse head = s3.headObject(b -> b.bucket("mpu").key("plain.bin"));
        assertThat(head.contentLength()).isEqualTo(10L * MIB + 1003);
        assertThat(head.eTag()).isEqualTo(done.eTag());
        assertThat(partFiles())
                .as(keepsParts ? "the listed parts are the object's content" : "no part file left")
                .isEqualTo(partFiles + (keepsParts ? parts.size() : 0));
    }

    /** How many parts' contents the store holds; the S3-content variant counts content objects instead. */
    static LongSupplier partContents;

    /** Whether a completed upload keeps its parts' contents (S3 content: a composite object) rather than joining them. */
    static boolean keepsParts;

    static long partFiles() {
        return partContents.getAsLong();
    }

    private static long partFilesOnDisk() {
        try (Stream<java.nio.file.Path> files = Files.list(server.dataDir().resolve("objects/parts"))) {
            return files.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void partsAreReadBackByNumber() throws Exception {
        List<byte[]> parts = List.of(content(5 * MIB, 4), content(5 * MIB, 5), content(77, 6));
        upload("parts.bin", parts, ChecksumAlgorithm.CRC32, ChecksumType.COMPOSITE);
        for (int n = 1; n <= 3; n++) {
            int part = n;
            var r = s3.getObjectAsBytes(
                    b -> b.bucket("mpu").key("parts.bin").partNumber(part).checksumMode(ChecksumMode.ENABLED));
            assertThat(r.asByteArray()).isEqualTo(parts.get(n - 1));
            assertThat(r.response().partsCount()).isEqualTo(3);
            assertThat(r.response().checksumCRC32()).isEqualTo(crc32(parts.get(n - 1)));
        }
        HeadObjectResponse head =
                s3.headObject(b -> b.bucket("mpu").key("parts.bin").partNumber(2));
        assertThat(head.contentLength()).isEqualTo(5L * MIB);
        assertThat(head.partsCount()).isEqualTo(3);
        assertThatThrownBy(
                        () -> s3.getObject(b -> b.bucket("mpu").key("parts.bin").partNumber(4)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidPartNumber");
                });
    }

    static Stream<Arguments> checksumModes() {
        return Stream.of(
                Arguments.of(ChecksumAlgorithm.CRC32, ChecksumType.COMPOSITE),
                Arguments.of(ChecksumAlgorithm.CRC32, ChecksumType.FULL_OBJECT),
                Arguments.of(ChecksumAlgorithm.CRC32_C, ChecksumType.COMPOSITE),
                Arguments.of(ChecksumAlgorithm.CRC32_C, ChecksumType.FULL_OBJECT),
                Arguments.of(ChecksumAlgorithm.SHA1, ChecksumType.COMPOSITE),
                Arguments.of(ChecksumAlgorithm.SHA256, ChecksumType.COMPOSITE));
    }

    @ParameterizedTest
    @MethodSource("checksumModes")
    void checksumsAreCombinedAsS3Does(ChecksumAlgorithm algorithm, ChecksumType type) throws Exception {
        List<byte[]> parts = List.of(content(5 * MIB, 7), content(5 * MIB + 11, 8), content(4321, 9));
        String key = "sum-" + algorithm + "-" + type;
        CompleteMultipartUploadResponse done = upload(key, parts, algorithm, type);
        String expected = type == ChecksumType.FULL_OBJECT
                ? Checksums.of(algorithm, concat(parts))
                : Checksums.composite(algorithm, parts);
        assertThat(Checksums.member(done, algorithm)).isEqualTo(expected);
        assertThat(done.checksumType()).isEqualTo(type);
        GetObjectResponse got =
                s3.getObject(b -> b.bucket("mpu").key(key).checksumMode(ChecksumMode.ENABLED), (r, in) -> {
                    assertThat(in.readAllBytes()).isEqualTo(concat(parts));
                    return r;
                });
        assertThat(Checksums.member(got, algorithm)).isEqualTo(expected);
        assertThat(got.checksumType()).isEqualTo(type);
        HeadObjectResponse head = s3.headObject(b -> b.bucket("mpu").key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(Checksums.member(head, algorithm)).isEqualTo(expected);
    }

    @Test
    void listingsPageAndGroup() {
        List<String> ids = new ArrayList<>();
        for (String key : List.of("list/a/1", "list/a/2", "list/b", "list/c")) {
            ids.add(s3.createMultipartUpload(b -> b.bucket("mpu").key(key)).uploadId());
        }
        ListMultipartUploadsResponse grouped =
                s3.listMultipartUploads(b -> b.bucket("mpu").prefix("list/").delimiter("/"));
        assertThat(grouped.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("list/a/");
        assertThat(grouped.uploads()).extracting(u -> u.key()).containsExactly("list/b", "list/c");
        List<String> paged =
                s3
                        .listMultipartUploadsPaginator(
                                b -> b.bucket("mpu").prefix("list/").maxUploads(1))
                        .uploads()
                        .stream()
                        .map(u -> u.uploadId())
                        .toList();
        assertThat(paged).containsExactlyElementsOf(ids);

        String id = ids.get(0);
        for (int n = 1; n <= 3; n++) {
            int part = n;
            s3.uploadPart(
                    b -> b.bucket("mpu").key("list/a/1").uploadId(id).partNumber(part),
                    RequestBody.fromString("p" + n));
        }
        ListPartsResponse first =
                s3.listParts(b -> b.bucket("mpu").key("list/a/1").uploadId(id).maxParts(2));
        assertThat(first.isTruncated()).isTrue();
        assertThat(first.parts()).extracting(p -> p.partNumber()).containsExactly(1, 2);
        assertThat(first.parts().get(0).size()).isEqualTo(2L);
        ListPartsResponse rest = s3.listParts(
                b -> b.bucket("mpu").key("list/a/1").uploadId(id).partNumberMarker(first.nextPartNumberMarker()));
        assertThat(rest.parts()).extracting(p -> p.partNumber()).containsExactly(3);
        assertThat(rest.isTruncated()).isFalse();
        ids.forEach(u ->
                s3.abortMultipartUpload(b -> b.bucket("mpu").key(keyOf(u, ids)).uploadId(u)));
        assertThat(s3.listMultipartUploads(b -> b.bucket("mpu").prefix("list/")).uploads())
                .isEmpty();
    }

    private static String keyOf(String uploadId, List<String> ids) {
        return List.of("list/a/1", "list/a/2", "list/b", "list/c").get(ids.indexOf(uploadId));
    }

    @Test
    void abortForgetsTheUploadAndItsParts() throws Exception {
        long before = partFiles();
        String id =
                s3.createMultipartUpload(b -> b.bucket("mpu").key("aborted")).uploadId();
        s3.uploadPart(b -> b.bucket("mpu").key("aborted").uploadId(id).partNumber(1), RequestBody.fromString("x"));
        s3.uploadPart(b -> b.bucket("mpu").key("aborted").uploadId(id).partNumber(1), RequestBody.fromString("y"));
        assertThat(partFiles()).as("a replaced part's file is deleted").isEqualTo(before + 1);
        s3.abortMultipartUpload(b -> b.bucket("mpu").key("aborted").uploadId(id));
        assertThat(partFiles()).isEqualTo(before);
        assertThatThrownBy(
                        () -> s3.listParts(b -> b.bucket("mpu").key("aborted").uploadId(id)))
                .isInstanceOf(NoSuchUploadException.class)
                .hasMessageContaining("The specified multipart upload does not exist.");
        assertThatThrownBy(() -> s3.abortMultipartUpload(
                        b -> b.bucket("mpu").key("aborted").uploadId(id)))
                .isInstanceOf(NoSuchUploadException.class)
                .hasMessageContaining("The specified multipart upload does not exist.");
    }

    @Test
    void s3RulesAreEnforced() throws Exception {
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("rules")).uploadId();
        String small = s3.uploadPart(
                        b -> b.bucket("mpu").key("rules").uploadId(id).partNumber(1), RequestBody.fromString("small"))
                .eTag();
        String last = s3.uploadPart(
                        b -> b.bucket("mpu").key("rules").uploadId(id).partNumber(2), RequestBody.fromString("last"))
                .eTag();
        assertError(() -> complete("rules", id, part(1, small), part(2, last)), 400, "EntityTooSmall");
        assertError(() -> complete("rules", id, part(2, last), part(1, small)), 400, "InvalidPartOrder");
        assertError(() -> complete("rules", id, part(1, "\"00000000000000000000000000000000\"")), 400, "InvalidPart");
        assertError(() -> complete("rules", id, part(3, last)), 400, "InvalidPart");
        assertError(
                () -> s3.uploadPart(
                        b -> b.bucket("mpu").key("rules").uploadId(id).partNumber(10_001), RequestBody.fromString("x")),
                400,
                "InvalidArgument");
        assertError(
                () -> s3.uploadPart(
                        b -> b.bucket("mpu").key("other-key").uploadId(id).partNumber(1), RequestBody.fromString("x")),
                404,
                "NoSuchUpload");
        assertError(
                () -> s3.createMultipartUpload(b -> b.bucket("mpu")
                        .key("bad-type")
                        .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumType(ChecksumType.FULL_OBJECT)),
                400,
                "InvalidRequest");
        String crc = s3.createMultipartUpload(
                        b -> b.bucket("mpu").key("crc").checksumAlgorithm(ChecksumAlgorithm.CRC32))
                .uploadId();
        assertError(
                () -> s3.uploadPart(
                        b -> b.bucket("mpu")
                                .key("crc")
                                .uploadId(crc)
                                .partNumber(1)
                                .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                        RequestBody.fromString("x")),
                400,
                "InvalidRequest");
        // a single part below 5 MiB is a valid upload: only parts before the last have a minimum
        CompleteMultipartUploadResponse one = complete("rules", id, part(2, last));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("rules")).asUtf8String())
                .isEqualTo("last");
        assertThat(one.eTag()).endsWith("-1\"");
    }

    @Test
    void completedUploadIsANewVersionInAVersionedBucket() throws Exception {
        s3.createBucket(b -> b.bucket("mpu-versions"));
        s3.putBucketVersioning(b -> b.bucket("mpu-versions").versioningConfiguration(v -> v.status("Enabled")));
        String first = s3.putObject(b -> b.bucket("mpu-versions").key("k"), RequestBody.fromString("one"))
                .versionId();
        String id =
                s3.createMultipartUpload(b -> b.bucket("mpu-versions").key("k")).uploadId();
        String etag = s3.uploadPart(
                        b -> b.bucket("mpu-versions").key("k").uploadId(id).partNumber(1),
                        RequestBody.fromString("two"))
                .eTag();
        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(
                b -> b.bucket("mpu-versions").key("k").uploadId(id).multipartUpload(m -> m.parts(part(1, etag))));
        assertThat(done.versionId()).isNotBlank().isNotEqualTo(first);
        assertThat(s3.listObjectVersions(b -> b.bucket("mpu-versions")).versions())
                .extracting(v -> v.versionId())
                .containsExactly(done.versionId(), first);
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu-versions").key("k").versionId(first))
                        .asUtf8String())
                .isEqualTo("one");
    }

    @Test
    void uploadsSurviveARestart() throws Exception {
        byte[] a = content(5 * MIB, 10);
        String id =
                s3.createMultipartUpload(b -> b.bucket("mpu").key("restart")).uploadId();
        String e1 = s3.uploadPart(
                        b -> b.bucket("mpu").key("restart").uploadId(id).partNumber(1), RequestBody.fromBytes(a))
                .eTag();
        s3.close();
        server.restart();
        s3 = server.s3();
        String e2 = s3.uploadPart(
                        b -> b.bucket("mpu").key("restart").uploadId(id).partNumber(2), RequestBody.fromString("end"))
                .eTag();
        complete("restart", id, part(1, e1), part(2, e2));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("restart")).asByteArray())
                .isEqualTo(concat(List.of(a, "end".getBytes())));
    }

    @Test
    void uploadPartCopyTakesARangeOfAVersion() throws Exception {
        byte[] source = content(6 * MIB, 11);
        s3.putObject(b -> b.bucket("mpu").key("copy-source"), RequestBody.fromBytes(source));
        String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("copy-target"))
                .uploadId();
        var p1 = s3.uploadPartCopy(b -> b.sourceBucket("mpu")
                .sourceKey("copy-source")
                .destinationBucket("mpu")
                .destinationKey("copy-target")
                .uploadId(id)
                .partNumber(1)
                .copySourceRange("bytes=0-" + (5 * MIB - 1)));
        var p2 = s3.uploadPartCopy(b -> b.sourceBucket("mpu")
                .sourceKey("copy-source")
                .destinationBucket("mpu")
                .destinationKey("copy-target")
                .uploadId(id)
                .partNumber(2)
                .copySourceRange("bytes=" + (5 * MIB) + "-" + (6 * MIB - 1)));
        complete(
                "copy-target",
                id,
                part(1, p1.copyPartResult().eTag()),
                part(2, p2.copyPartResult().eTag()));
        assertThat(s3.getObjectAsBytes(b -> b.bucket("mpu").key("copy-target")).asByteArray())
                .isEqualTo(source);
        assertError(
                () -> s3.uploadPartCopy(b -> b.sourceBucket("mpu")
                        .sourceKey("copy-source")
                        .destinationBucket("mpu")
                        .destinationKey("copy-target")
                        .uploadId(id)
                        .partNumber(1)
                        .copySourceRange("bytes=0-" + (7 * MIB))),
                404,
                "NoSuchUpload");
    }

    static CompletedPart part(int n, String etag) {
        return CompletedPart.builder().partNumber(n).eTag(etag).build();
    }

    static CompleteMultipartUploadResponse complete(String key, String id, CompletedPart... parts) {
        return s3.completeMultipartUpload(
                b -> b.bucket("mpu").key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
    }

    static void assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
            if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            }
        });
    }

    static String crc32(byte[] data) {
        return Checksums.of(ChecksumAlgorithm.CRC32, data);
    }
}
