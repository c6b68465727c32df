package dev.signet.server.objects.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.Completion;
import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectPart;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.UploadSweeper;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.store.TestDatabases;
import dev.signet.server.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Multipart uploads of the embedded store on SQLite and PostgreSQL: what a crash at each step of a
 * completion leaves behind (the upload intact, or the object complete, never a mix), abandoned
 * uploads, replaced parts and hostile upload ids.
 */
class FilesystemMultipartUploadsTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    IndexedObjectStore store(TestDatabase engine) throws IOException {
        return FilesystemObjectStore.open(dir.resolve("objects"), DATABASES.get(engine), clock);
    }

    static String newBucket(ObjectStore store) throws ObjectStoreException {
        String name = "mpu-" + BUCKETS.incrementAndGet();
        store.createBucket(name, "000000000000");
        return name;
    }

    static InputStream bytes(int size, int fill) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) fill);
        return new ByteArrayInputStream(b);
    }

    static Completion.Part listed(UploadedPart p) {
        return new Completion.Part(p.partNumber(), "\"" + p.etag() + "\"", Map.of());
    }

    static Completion completion(UploadedPart... parts) {
        return new Completion(
                Stream.of(parts).map(FilesystemMultipartUploadsTest::listed).toList(),
                Optional.empty(),
                Map.of(),
                Optional.empty());
    }

    long files(String sub) throws IOException {
        Path root = dir.resolve("objects").resolve(sub);
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCrashBeforeTheCommitLeavesTheUploadWhole(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        MultipartUpload u =
                store.multipart().create(b, "k", ObjectAttributes.defaults(), Optional.empty(), Optional.empty());
        UploadedPart p1 = store.multipart().uploadPart(b, "k", u.uploadId(), 1, bytes(5 * MIB, 1), Optional.empty());
        UploadedPart p2 = store.multipart().uploadPart(b, "k", u.uploadId(), 2, bytes(10, 2), Optional.empty());
        // what a crash after concatenating and before committing leaves: a content file no row names,
        // and a write in progress
        Path shard = dir.resolve("objects/data/ab");
        Files.createDirectories(shard);
        Files.write(shard.resolve("ab" + UUID.randomUUID().toString().substring(2)), new byte[100]);
        Files.write(dir.resolve("objects/tmp/" + UUID.randomUUID() + ".part"), new byte[100]);
        long objectFiles = files("data");

        IndexedObjectStore reopened = store(engine);
        assertThat(files("data")).isEqualTo(objectFiles - 1);
        assertThat(files("tmp")).isZero();
        assertThat(reopened.head(b, "k", Optional.empty())).isEmpty();
        assertThat(reopened.multipart().listParts(b, "k", u.uploadId(), 0, 10)).hasSize(2);
        ObjectInfo done = reopened.multipart().complete(b, "k", u.uploadId(), completion(p1, p2));
        assertThat(done.size()).isEqualTo(5L * MIB + 10);
        assertThat(done.partCount()).isEqualTo(2);
        try (InputStream in = reopened.open(b, "k", Optional.empty())) {
            byte[] all = in.readAllBytes();
            assertThat(all[0]).isEqualTo((byte) 1);
            assertThat(all[all.length - 1]).isEqualTo((byte) 2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aCrashAfterTheCommitLeavesTheObjectWhole(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        MultipartUpload u =
                store.multipart().create(b, "k", ObjectAttributes.defaults(), Optional.empty(), Optional.empty());
        UploadedPart p1 = store.multipart().uploadPart(b, "k", u.uploadId(), 1, bytes(300, 7), Optional.empty());
        List<Path> partFiles;
        try (Stream<Path> parts = Files.list(dir.resolve("objects/parts"))) {
            partFiles = parts.toList();
        }
        byte[] kept = Files.readAllBytes(partFiles.get(0));
        ObjectInfo done = store.multipart().complete(b, "k", u.uploadId(), completion(p1));
        assertThat(files("parts")).isZero();
        // what a crash between the commit and the deletion of the part files leaves
        Files.write(partFiles.get(0), kept);

        IndexedObjectStore reopened = store(engine);
        assertThat(files("parts")).isZero();
        assertThat(reopened.head(b, "k", Optional.empty()))
                .get()
                .extracting(ObjectInfo::etag)
                .isEqualTo(done.etag());
        assertThatThrownBy(() -> reopened.multipart().listParts(b, "k", u.uploadId(), 0, 10))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
        assertThat(reopened.part(b, "k", done.versionId(), 1))
                .get()
                .extracting(ObjectPart::size)
                .isEqualTo(300L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void abandonedUploadsAreRemovedWithTheirParts(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        MultipartUpload old =
                store.multipart().create(b, "old", ObjectAttributes.defaults(), Optional.empty(), Optional.empty());
        store.multipart().uploadPart(b, "old", old.uploadId(), 1, bytes(10, 1), Optional.empty());
        clock.advance(Duration.ofDays(3));
        MultipartUpload recent =
                store.multipart().create(b, "recent", ObjectAttributes.defaults(), Optional.empty(), Optional.empty());
        long parts = files("parts");

        // the database is shared by this class's tests: check what this bucket holds, not sweep counts
        assertThat(store.multipart().removeAbandoned(clock.instant().minus(Duration.ofDays(1))))
                .isPositive();
        assertThat(files("parts")).isEqualTo(parts - 1);
        assertThat(store.multipart().listUploads(b, "", Optional.empty(), Optional.empty(), 10))
                .extracting(MultipartUpload::uploadId)
                .containsExactly(recent.uploadId());
        try (UploadSweeper sweeper = UploadSweeper.start(store.multipart(), Duration.ofDays(7), clock)) {
            assertThat(store.multipart().listUploads(b, "", Optional.empty(), Optional.empty(), 10))
                    .hasSize(1);
            clock.advance(Duration.ofDays(8));
            sweeper.sweep();
            assertThat(store.multipart().listUploads(b, "", Optional.empty(), Optional.empty(), 10))
                    .isEmpty();
        }
        store.deleteBucket(b);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aReplacedPartLeavesOneFileAndItsNewContent(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        MultipartUpload u = store.multipart()
                .create(b, "k", ObjectAttributes.defaults(), Optional.of(ChecksumAlgorithm.CRC32C), Optional.empty());
        assertThat(u.checksumType()).contains(ChecksumType.COMPOSITE);
        store.multipart().uploadPart(b, "k", u.uploadId(), 1, bytes(10, 1), Optional.empty());
        UploadedPart second = store.multipart().uploadPart(b, "k", u.uploadId(), 1, bytes(20, 2), Optional.empty());
        assertThat(files("parts")).isEqualTo(1);
        assertThat(store.multipart().listParts(b, "k", u.uploadId(), 0, 10))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.size()).isEqualTo(20);
                    assertThat(p.checksumAlgorithm()).contains(ChecksumAlgorithm.CRC32C);
                });
        ObjectInfo done = store.multipart().complete(b, "k", u.uploadId(), completion(second));
        assertThat(done.checksum()).get().satisfies(c -> {
            assertThat(c.type()).isEqualTo(ChecksumType.COMPOSITE);
            assertThat(c.value()).endsWith("-1");
        });
    }

    @org.junit.jupiter.api.Test
    void aPartOverItsLimitIsRefusedAndLeavesNoFile() throws Exception {
        ContentFiles files = new ContentFiles(dir.resolve("limits"));
        assertThatThrownBy(() -> files.writePart(bytes(11, 1), Optional.empty(), 10, "too large"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo("EntityTooLarge");
                    assertThat(e.getMessage()).isEqualTo("too large");
                });
        assertThat(files.writePart(bytes(10, 1), Optional.empty(), 10, "too large")
                        .size())
                .isEqualTo(10);
        try (Stream<Path> all = Files.walk(dir.resolve("limits"))) {
            assertThat(all.filter(Files::isRegularFile)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void hostileUploadIdsNeverReachTheDatabaseOrTheDisk(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        for (String id : List.of("../../etc/passwd", "", "' OR 1=1 --", "0".repeat(44) + "/x", "A".repeat(44))) {
            assertThatThrownBy(() -> store.multipart().uploadPart(b, "k", id, 1, bytes(1, 1), Optional.empty()))
                    .isInstanceOfSatisfying(
                            ObjectStoreException.class,
                            e -> assertThat(e.code()).isEqualTo("NoSuchUpload"));
        }
        assertThat(files("parts")).isZero();
    }
}
