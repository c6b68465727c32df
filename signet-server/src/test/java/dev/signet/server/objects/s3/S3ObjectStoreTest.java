package dev.signet.server.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.Completion;
import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectPart;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.SizedInputStream;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.store.Database;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.store.TestDatabases;
import dev.signet.server.testing.S3Proxy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 object store against a real S3-compatible server (S3Proxy, filesystem backend): content in
 * the bucket under random names, streamed in parts of the configured size, ranges read as ranges,
 * completed multipart uploads kept as their parts (composite objects, read across them, deleted
 * with their versions), nothing left behind by a failed write, orphans swept by age, and start-up
 * refused with one line when the bucket is not there.
 */
class S3ObjectStoreTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final int MIB = 1024 * 1024;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    static S3Proxy proxy;
    static S3Client backing;

    @BeforeAll
    static void start() {
        proxy = S3Proxy.start();
        backing = proxy.client();
    }

    @AfterAll
    static void stop() {
        backing.close();
        proxy.close();
    }

    /** A store in a new content bucket whose writes go in parts of 5 MiB. */
    static Store store(TestDatabase engine) throws IOException {
        S3ObjectSettings settings = proxy.newBucket().withPartSize(5 * MIB);
        return new Store(S3ObjectStore.open(settings, DATABASES.get(engine), Clock.systemUTC()), settings);
    }

    record Store(IndexedObjectStore objects, S3ObjectSettings settings) {
        String bucket() throws ObjectStoreException {
            String name = "signet-" + BUCKETS.incrementAndGet();
            objects.createBucket(name, "000000000000");
            return name;
        }
    }

    static byte[] content(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    List<String> keys(Store store, String dir) {
        return proxy.keys(store.settings(), dir);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void versionsOfSmallAndLargeObjectsReadWholeAndByRange(TestDatabase engine) throws Exception {
        Store store = store(engine);
        String b = store.bucket();
        store.objects().setVersioning(b, true);
        byte[] small = "one".getBytes();
        byte[] large = content(12 * MIB + 3, 1);
        ObjectInfo v1 = store.objects().put(b, "k", new ByteArrayInputStream(small), "text/plain");
        ObjectInfo v2 = store.objects()
                .put(
                        b,
                        "k",
                        new ByteArrayInputStream(large),
                        ObjectAttributes.of("application/octet-stream", Map.of("who", "test")),
                        Optional.of(ChecksumAlgorithm.CRC32C));

        assertThat(v2.etag())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("MD5").digest(large)));
        CRC32C crc = new CRC32C();
        crc.update(large);
        assertThat(v2.checksum().orElseThrow().value())
                .isEqualTo(Base64.getEncoder().encodeToString(new byte[] {
                    (byte) (crc.getValue() >>> 24),
                    (byte) (crc.getValue() >>> 16),
                    (byte) (crc.getValue() >>> 8),
                    (byte) crc.getValue()
                }));
        assertThat(read(store.objects().open(b, "k", Optional.empty()))).isEqualTo(large);
        assertThat(read(store.objects().open(b, "k", Optional.of(v1.versionId()))))
                .isEqualTo(small);
        long start = 5L * MIB - 10;
        assertThat(read(store.objects().open(b, "k", Optional.empty(), start, 20)))
                .as("a range across the first backing part's end")
                .isEqualTo(Arrays.copyOfRange(large, (int) start, (int) start + 20));
        assertThat(read(store.objects().open(b, "k", Optional.empty(), large.length - 1, 1)))
                .containsExactly(large[large.length - 1]);
        assertThat(read(store.objects().open(b, "k", Optional.empty(), 7, 0))).isEmpty();
        assertThat(keys(store, "data/"))
                .hasSize(2)
                .allSatisfy(k -> assertThat(k)
                        .as("content objects are named by UUIDs, never by keys")
                        .matches("signet/data/[0-9a-f-]{36}"));

        store.objects().delete(b, "k", Optional.of(v1.versionId()));
        assertThat(keys(store, "data/")).as("the deleted version's content").hasSize(1);
        assertThat(store.objects().listVersions(b, "", 10))
                .extracting(ObjectInfo::versionId)
                .containsExactly(v2.versionId());
    }

    @Test
    void aCompletedMultipartUploadKeepsItsPartsAndIsReadAcrossThem() throws Exception {
        Store store = store(TestDatabase.SQLITE);
        String b = store.bucket();
        byte[] one = content(5 * MIB, 2);
        byte[] two = content(1234, 3);
        MultipartUpload upload = store.objects()
                .multipart()
                .create(b, "mp", ObjectAttributes.of("application/zip", Map.of()), Optional.empty(), Optional.empty());
        UploadedPart p1 = store.objects()
                .multipart()
                .uploadPart(b, "mp", upload.uploadId(), 1, new ByteArrayInputStream(one), Optional.empty());
        UploadedPart p2 = store.objects()
                .multipart()
                .uploadPart(b, "mp", upload.uploadId(), 2, new ByteArrayInputStream(two), Optional.empty());
        assertThat(keys(store, "parts/")).hasSize(2);
        assertThat(store.objects().multipart().listParts(b, "mp", upload.uploadId(), 0, 10))
                .extracting(UploadedPart::partNumber, UploadedPart::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, (long) one.length),
                        org.assertj.core.groups.Tuple.tuple(2, (long) two.length));

        ObjectInfo info = store.objects()
                .multipart()
                .complete(
                        b,
                        "mp",
                        upload.uploadId(),
                        new Completion(
                                List.of(
                                        new Completion.Part(1, p1.etag(), Map.of()),
                                        new Completion.Part(2, p2.etag(), Map.of())),
                                Optional.empty(),
                                Map.of(),
                                Optional.empty()));

        assertThat(info.etag()).endsWith("-2");
        assertThat(info.partCount()).isEqualTo(2);
        byte[] whole = new byte[one.length + two.length];
        System.arraycopy(one, 0, whole, 0, one.length);
        System.arraycopy(two, 0, whole, one.length, two.length);
        assertThat(read(store.objects().open(b, "mp", Optional.empty()))).isEqualTo(whole);
        ObjectPart part2 = store.objects().part(b, "mp", info.versionId(), 2).orElseThrow();
        assertThat(part2.offset()).isEqualTo(one.length);
        assertThat(read(store.objects().open(b, "mp", Optional.empty(), part2.offset(), part2.size())))
                .isEqualTo(two);
        assertThat(keys(store, "parts/"))
                .as("the object is made of its parts' content: nothing copied")
                .hasSize(2);
        assertThat(keys(store, "data/")).isEmpty();
        assertThat(backing.listMultipartUploads(u -> u.bucket(store.settings().bucket()))
                        .uploads())
                .as("no backing multipart upload")
                .isEmpty();
    }

    @Test
    void aBodyThatFailsMidwayLeavesNoContentAndNoUnfinishedUpload() throws Exception {
        Store store = store(TestDatabase.SQLITE);
        String b = store.bucket();
        InputStream failing = new InputStream() {
            long n;

            @Override
            public int read() throws IOException {
                if (n++ > 11L * MIB) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.objects().put(b, "k", failing, "text/plain"))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
        assertThat(store.objects().head(b, "k", Optional.empty())).isEmpty();
        assertThat(keys(store, "")).isEmpty();
        assertThat(backing.listMultipartUploads(b2 -> b2.bucket(store.settings().bucket()))
                        .uploads())
                .as("the backing multipart upload was aborted")
                .isEmpty();
    }

    @Test
    void aBodyOfDeclaredLengthIsStreamedAsOnePutObject() throws Exception {
        Store store = store(TestDatabase.SQLITE);
        String b = store.bucket();
        byte[] large = content(12 * MIB + 5, 7);
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(large));

        ObjectInfo info = store.objects()
                .put(b, "k", new SizedInputStream(new ByteArrayInputStream(large), large.length), "text/plain");

        assertThat(info.etag()).isEqualTo(md5);
        assertThat(read(store.objects().open(b, "k", Optional.empty()))).isEqualTo(large);
        String key = keys(store, "data/").get(0);
        assertThat(backing.headObject(h -> h.bucket(store.settings().bucket()).key(key))
                        .eTag())
                .as("one PutObject (a multipart ETag would end in -N)")
                .isEqualTo("\"" + md5 + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"shorter than declared", "longer than declared", "failing its check at the end"})
    void aStreamedBodyThatIsShortLongOrFailsItsCheckLeavesNothing(String fault) throws Exception {
        Store store = store(TestDatabase.SQLITE);
        String b = store.bucket();
        byte[] content = content(11 * MIB, 8);
        InputStream body = switch (fault) {
            case "shorter than declared" -> new SizedInputStream(new ByteArrayInputStream(content), content.length + 1);
            case "longer than declared" -> new SizedInputStream(new ByteArrayInputStream(content), content.length - 1);
            default ->
                new SizedInputStream(
                        new SequenceInputStream(new ByteArrayInputStream(content), new InputStream() {
                            @Override
                            public int read() throws IOException {
                                throw new IOException("the declared digest does not match");
                            }
                        }),
                        content.length);
        };

        assertThatThrownBy(() -> store.objects().put(b, "k", body, "text/plain"))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
        assertThat(store.objects().head(b, "k", Optional.empty())).isEmpty();
        assertThat(keys(store, "")).as("nothing stored").isEmpty();
        assertThat(backing.listMultipartUploads(b2 -> b2.bucket(store.settings().bucket()))
                        .uploads())
                .isEmpty();
    }

    /** A completed upload of three parts (5 MiB, 5 MiB, 1000 bytes) to {@code key}; its whole content. */
    private static byte[] completeThreeParts(IndexedObjectStore objects, String b, String key, long seed)
            throws Exception {
        int[] sizes = {5 * MIB, 5 * MIB, 1000};
        MultipartUpload upload = objects.multipart()
                .create(
                        b,
                        key,
                        ObjectAttributes.of("application/octet-stream", Map.of()),
                        Optional.empty(),
                        Optional.empty());
        List<Completion.Part> listed = new ArrayList<>();
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        for (int n = 1; n <= sizes.length; n++) {
            byte[] c = content(sizes[n - 1], seed + n);
            whole.write(c);
            UploadedPart part = objects.multipart()
                    .uploadPart(b, key, upload.uploadId(), n, new ByteArrayInputStream(c), Optional.empty());
            listed.add(new Completion.Part(n, part.etag(), Map.of()));
        }
        objects.multipart()
                .complete(
                        b,
                        key,
                        upload.uploadId(),
                        new Completion(listed, Optional.empty(), Map.of(), Optional.empty()));
        return whole.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCompositeObjectReadsEveryShapeOfRangeAcrossItsParts(TestDatabase engine) throws Exception {
        Store store = store(engine);
        String b = store.bucket();
        byte[] whole = completeThreeParts(store.objects(), b, "composite", 40);
        long first = 5L * MIB;
        long second = 10L * MIB;
        long size = whole.length;
        long[][] ranges = {
            {0, size}, // whole
            {0, 1}, // first byte
            {size - 1, 1}, // last byte
            {10, 100}, // inside the first part
            {first, 5L * MIB}, // exactly the second part
            {second, 1000}, // exactly the last part
            {first - 1, 2}, // a byte either side of the first boundary
            {second - 1, 2}, // and of the second
            {first - 100, 100}, // ending at a boundary
            {first, 100}, // starting at one
            {first - 7, 5L * MIB + 14}, // across both boundaries
            {3, size - 6}, // all three parts, trimmed at both ends
            {second + 10, 0}, // empty
        };
        for (long[] r : ranges) {
            assertThat(read(store.objects().open(b, "composite", Optional.empty(), r[0], r[1])))
                    .as("range %d+%d", r[0], r[1])
                    .isEqualTo(Arrays.copyOfRange(whole, (int) r[0], (int) (r[0] + r[1])));
        }
        try (InputStream partial = store.objects().open(b, "composite", Optional.empty())) {
            assertThat(partial.readNBytes(6 * MIB)).isEqualTo(Arrays.copyOf(whole, 6 * MIB));
        }
        assertThat(read(store.objects().open(b, "composite", Optional.empty())))
                .as("a read closed early left nothing in the way of the next")
                .isEqualTo(whole);
    }

    @Test
    void aCompositeObjectWhosePartIsGoneFailsToReadRatherThanEndingShort() throws Exception {
        Store store = store(TestDatabase.SQLITE);
        String b = store.bucket();
        completeThreeParts(store.objects(), b, "k", 45);
        for (String key : keys(store, "parts/")) {
            backing.deleteObject(d -> d.bucket(store.settings().bucket()).key(key));
        }
        assertThatThrownBy(() -> read(store.objects().open(b, "k", Optional.empty(), 5L * MIB - 1, 2)))
                .isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("the content object is gone");
    }

    @Test
    void deletingACompositeVersionDeletesItsPartsAndOnlyItsOwn() throws Exception {
        Store store = store(TestDatabase.SQLITE);
        String b = store.bucket();
        store.objects().setVersioning(b, true);
        byte[] v1 = completeThreeParts(store.objects(), b, "k", 50);
        ObjectInfo first = store.objects().head(b, "k", Optional.empty()).orElseThrow();
        byte[] v2 = completeThreeParts(store.objects(), b, "k", 60);
        ObjectInfo second = store.objects().head(b, "k", Optional.empty()).orElseThrow();
        assertThat(keys(store, "parts/")).hasSize(6);

        store.objects().delete(b, "k", Optional.empty());
        assertThat(keys(store, "parts/"))
                .as("a delete marker deletes no content")
                .hasSize(6);
        assertThat(read(store.objects().open(b, "k", Optional.of(first.versionId()))))
                .isEqualTo(v1);
        store.objects().delete(b, "k", Optional.of(first.versionId()));
        assertThat(keys(store, "parts/"))
                .as("the deleted version's three parts went")
                .hasSize(3);
        assertThat(read(store.objects().open(b, "k", Optional.of(second.versionId()))))
                .isEqualTo(v2);

        // unversioned: a new write of the key replaces the version "null" and so its parts
        String plain = store.bucket();
        completeThreeParts(store.objects(), plain, "k", 70);
        assertThat(keys(store, "parts/")).hasSize(6);
        store.objects().put(plain, "k", new ByteArrayInputStream("small".getBytes()), "text/plain");
        assertThat(keys(store, "parts/")).hasSize(3);
        assertThat(read(store.objects().open(plain, "k", Optional.empty()))).isEqualTo("small".getBytes());

        store.objects().delete(b, "k", Optional.of(second.versionId()));
        assertThat(keys(store, "parts/")).isEmpty();
    }

    @Test
    void aCrashLeavesTheUploadOrTheCompositeObjectAndTheSweepTakesOnlyWhatNothingReferences() throws Exception {
        S3ObjectSettings settings = proxy.newBucket().withPartSize(5 * MIB);
        Database database = DATABASES.get(TestDatabase.SQLITE);
        String b = "crash-" + BUCKETS.incrementAndGet();
        byte[] kept;
        MultipartUpload pending;
        List<Completion.Part> pendingParts = new ArrayList<>();
        byte[] one = content(5 * MIB, 91);
        byte[] two = content(77, 92);
        try (IndexedObjectStore objects = S3ObjectStore.open(settings, database, Clock.systemUTC())) {
            objects.createBucket(b, "000000000000");
            kept = completeThreeParts(objects, b, "kept", 80);
            // parts written and recorded, then a crash before the completion committed
            pending = objects.multipart()
                    .create(
                            b,
                            "pending",
                            ObjectAttributes.of("text/plain", Map.of()),
                            Optional.empty(),
                            Optional.empty());
            int n = 1;
            for (byte[] c : List.of(one, two)) {
                UploadedPart part = objects.multipart()
                        .uploadPart(b, "pending", pending.uploadId(), n, new ByteArrayInputStream(c), Optional.empty());
                pendingParts.add(new Completion.Part(n++, part.etag(), Map.of()));
            }
            completeThreeParts(objects, b, "dropped", 90);
        }
        // a version deleted (its rows, in one transaction) by a node that crashed before deleting its parts
        String droppedHex = HexFormat.of().formatHex("dropped".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        database.jdbi().useTransaction(h -> {
            String layout = h.createQuery("SELECT file_name FROM object_versions WHERE bucket = :b AND key_hex = :k")
                    .bind("b", b)
                    .bind("k", droppedHex)
                    .mapTo(String.class)
                    .one();
            h.execute("DELETE FROM object_parts WHERE file_name = ?", layout);
            h.execute("DELETE FROM object_versions WHERE bucket = ? AND key_hex = ?", b, droppedHex);
        });
        assertThat(proxy.keys(settings, "parts/")).hasSize(3 + 2 + 3);

        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
        try (IndexedObjectStore swept = S3ObjectStore.open(settings.withOrphanGrace(Duration.ZERO), database, later)) {
            assertThat(proxy.keys(settings, "parts/"))
                    .as("the composite object's and the upload's parts stay, the dropped version's go")
                    .hasSize(5);
            assertThat(read(swept.open(b, "kept", Optional.empty()))).isEqualTo(kept);
            assertThat(swept.head(b, "pending", Optional.empty()))
                    .as("never half visible")
                    .isEmpty();
            swept.multipart()
                    .complete(
                            b,
                            "pending",
                            pending.uploadId(),
                            new Completion(pendingParts, Optional.empty(), Map.of(), Optional.empty()));
            byte[] both = new byte[one.length + two.length];
            System.arraycopy(one, 0, both, 0, one.length);
            System.arraycopy(two, 0, both, one.length, two.length);
            assertThat(read(swept.open(b, "pending", Optional.empty()))).isEqualTo(both);
        }
    }

    @Test
    void theSweepRemovesOldUnreferencedContentAndNothingElse() throws Exception {
        S3ObjectSettings settings = proxy.newBucket().withPartSize(5 * MIB);
        var database = DATABASES.get(TestDatabase.SQLITE);
        String b;
        try (IndexedObjectStore store = S3ObjectStore.open(settings, database, Clock.systemUTC())) {
            b = "sweep-" + BUCKETS.incrementAndGet();
            store.createBucket(b, "000000000000");
            store.put(b, "kept", new ByteArrayInputStream("kept".getBytes()), "text/plain");
        }
        String orphan = "signet/data/" + UUID.randomUUID();
        String orphanPart = "signet/parts/" + UUID.randomUUID();
        String foreign = "signet/data/README";
        for (String key : List.of(orphan, orphanPart, foreign)) {
            backing.putObject(p -> p.bucket(settings.bucket()).key(key), RequestBody.fromString("left behind"));
        }

        try (IndexedObjectStore young = S3ObjectStore.open(settings, database, Clock.systemUTC())) {
            assertThat(allKeys(settings))
                    .as("within the grace another node may be writing them")
                    .contains(orphan, orphanPart);
        }
        // a minute ahead: the planted objects are past a zero grace whatever the backing clock's resolution
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));
        try (IndexedObjectStore swept = S3ObjectStore.open(settings.withOrphanGrace(Duration.ZERO), database, later)) {
            assertThat(read(swept.open(b, "kept", Optional.empty()))).isEqualTo("kept".getBytes());
        }
        assertThat(allKeys(settings))
                .doesNotContain(orphan, orphanPart)
                .contains(foreign)
                .hasSize(2);
    }

    List<String> allKeys(S3ObjectSettings settings) {
        return proxy.keys(settings, "");
    }

    @Test
    void aMissingBucketOrEndpointStopsTheStartWithOneLine() {
        var database = DATABASES.get(TestDatabase.SQLITE);
        assertThatThrownBy(() -> S3ObjectStore.open(proxy.settings("no-such-bucket"), database, Clock.systemUTC()))
                .isInstanceOf(BucketUnavailableException.class)
                .hasMessage("objects.bucket 'no-such-bucket' does not exist at objects.endpoint " + proxy.endpoint());
        S3ObjectSettings closed = new S3ObjectSettings(
                Optional.of(java.net.URI.create("http://127.0.0.1:1")),
                "us-east-1",
                "content",
                "",
                true,
                Optional.of(new S3ObjectSettings.AccessKey("k", "s")));
        assertThatThrownBy(() -> S3ObjectStore.open(closed, database, Clock.systemUTC()))
                .isInstanceOf(BucketUnavailableException.class)
                .hasMessageStartingWith(
                        "objects.endpoint http://127.0.0.1:1 cannot be reached for objects.bucket 'content': ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void settingsRefuseWhatCannotWorkAndHideTheSecret() {
        assertThatThrownBy(() -> proxy.settings("Bad_Bucket"))
                .hasMessageContaining("objects.bucket must be an S3 bucket name");
        assertThatThrownBy(() -> new S3ObjectSettings(
                        Optional.of(java.net.URI.create("ftp://host")),
                        "us-east-1",
                        "bucket",
                        "",
                        true,
                        Optional.empty()))
                .hasMessageContaining("objects.endpoint must be an http(s) URL");
        assertThatThrownBy(() -> proxy.settings("bucket").withPartSize(MIB)).hasMessageContaining("5 MiB to 512 MiB");
        assertThat(proxy.settings("bucket").prefix()).isEqualTo("signet/");
        assertThat(new S3ObjectSettings.AccessKey("AKID", "very-secret").toString())
                .contains("AKID")
                .doesNotContain("very-secret");
    }

    @Test
    void settingsFromTheConfigurationReadTheSecretFromItsFile(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cr3t\nignored\n");
        S3ObjectSettings settings = S3ObjectSettings.fromConfiguration(
                Optional.of(proxy.endpoint()),
                Optional.of("eu-west-1"),
                "bucket",
                "p",
                true,
                Optional.of("AKID"),
                Optional.of(secret));
        assertThat(settings.credentials()).contains(new S3ObjectSettings.AccessKey("AKID", "s3cr3t"));
        assertThat(settings.prefix()).isEqualTo("p/");
        assertThat(settings.region()).isEqualTo("eu-west-1");
        Files.writeString(secret, "\n");
        assertThatThrownBy(() -> S3ObjectSettings.fromConfiguration(
                        Optional.empty(),
                        Optional.of("us-east-1"),
                        "bucket",
                        "",
                        false,
                        Optional.of("AKID"),
                        Optional.of(secret)))
                .hasMessage("objects.secret-access-key-file " + secret + " holds no secret");
        assertThatThrownBy(() -> S3ObjectSettings.fromConfiguration(
                        Optional.empty(),
                        Optional.of("us-east-1"),
                        "bucket",
                        "",
                        false,
                        Optional.of("AKID"),
                        Optional.empty()))
                .hasMessage("objects.access-key-id and objects.secret-access-key-file go together");
    }
}
