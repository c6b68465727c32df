package dev.signet.server.objects.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.BucketInfo;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.DeleteResult;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.store.TestDatabases;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The object store on SQLite and on PostgreSQL; each test uses its own buckets. */
class FilesystemObjectStoreTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @TempDir
    Path dir;

    IndexedObjectStore store(TestDatabase engine) throws IOException {
        return FilesystemObjectStore.open(dir.resolve("objects"), DATABASES.get(engine), Clock.systemUTC());
    }

    static String newBucket(ObjectStore store) throws ObjectStoreException {
        String name = "bucket-" + BUCKETS.incrementAndGet();
        store.createBucket(name, "000000000000");
        return name;
    }

    static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    static String read(ObjectStore store, String bucket, String key, Optional<String> version) throws Exception {
        try (InputStream in = store.open(bucket, key, version)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void unversionedPutOverwritesTheNullVersion(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        ObjectInfo first = store.put(b, "k", text("one"), null);
        ObjectInfo second = store.put(b, "k", text("two"), "text/plain");
        assertThat(first.versionId()).isEqualTo("null");
        assertThat(second.etag()).isEqualTo("b8a9f715dbb64fd5c56e7783c6820a61");
        assertThat(read(store, b, "k", Optional.empty())).isEqualTo("two");
        assertThat(store.listVersions(b, "", 10)).singleElement().satisfies(v -> {
            assertThat(v.contentType()).isEqualTo("text/plain");
            assertThat(v.latest()).isTrue();
        });
        assertThat(dataFiles()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void versionedPutKeepsEveryVersionNewestFirst(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        assertThat(store.versioning(b)).isEqualTo(BucketVersioning.UNVERSIONED);
        store.setVersioning(b, true);
        ObjectInfo v1 = store.put(b, "a/k", text("one"), null);
        ObjectInfo v2 = store.put(b, "a/k", text("two"), null);
        store.put(b, "b", text("other"), null);
        assertThat(store.listVersions(b, "a/", 10))
                .extracting(ObjectInfo::versionId, ObjectInfo::latest)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(v2.versionId(), true),
                        org.assertj.core.groups.Tuple.tuple(v1.versionId(), false));
        assertThat(read(store, b, "a/k", Optional.of(v1.versionId()))).isEqualTo("one");

        DeleteResult marker = store.delete(b, "a/k", Optional.empty());
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(store.head(b, "a/k", Optional.empty())).isEmpty();
        assertThat(store.list(b, "", Optional.empty(), 10))
                .extracting(ObjectInfo::key)
                .containsExactly("b");

        store.delete(b, "a/k", marker.versionId());
        assertThat(read(store, b, "a/k", Optional.empty()))
                .as("the marker removed")
                .isEqualTo("two");
        store.delete(b, "a/k", Optional.of(v2.versionId()));
        assertThat(store.head(b, "a/k", Optional.empty()))
                .get()
                .extracting(ObjectInfo::versionId)
                .isEqualTo(v1.versionId());
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void listingIsInUtf8ByteOrderWithPrefixAndStartAfter(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        List<String> keys = List.of("a", "a/b", "B", "é", "z", "ア", "%", "_x", "a%b", "a_b");
        for (String k : keys) {
            store.put(b, k, text(k), null);
        }
        List<String> expected = keys.stream()
                .sorted((x, y) -> java.util.Arrays.compareUnsigned(
                        x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)))
                .toList();
        assertThat(store.list(b, "", Optional.empty(), 100))
                .extracting(ObjectInfo::key)
                .isEqualTo(expected);
        assertThat(store.list(b, "a", Optional.empty(), 100))
                .extracting(ObjectInfo::key)
                .containsExactly("a", "a%b", "a/b", "a_b");
        assertThat(store.list(b, "", Optional.of("a/b"), 2))
                .extracting(ObjectInfo::key)
                .containsExactly("a_b", "z");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "-abc", "abc-", "ABC", "a..b", "192.168.1.1", "a_b", "xn--abc", "abc-s3alias"})
    void invalidBucketNamesAreRefused(String name) throws Exception {
        IndexedObjectStore store = store(TestDatabase.SQLITE);
        assertThatThrownBy(() -> store.createBucket(name, "000000000000"))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("InvalidBucketName"));
        assertThat(store.bucketExists(name)).isFalse();
    }

    @Test
    void invalidKeysAreRefused() throws Exception {
        IndexedObjectStore store = store(TestDatabase.SQLITE);
        String b = newBucket(store);
        Map<String, String> codes = Map.of(
                "",
                "InvalidArgument",
                "x".repeat(1025),
                "KeyTooLongError",
                "bad\u0001char",
                "InvalidArgument",
                "é".repeat(513),
                "KeyTooLongError");
        for (String key : List.of("", "x".repeat(1025), "bad\u0001char", "é".repeat(513))) {
            assertThatThrownBy(() -> store.put(b, key, text("x"), null))
                    .isInstanceOfSatisfying(
                            ObjectStoreException.class,
                            e -> assertThat(e.code()).isEqualTo(codes.get(key)));
        }
        assertThat(dataFiles()).isEmpty();
    }

    @Test
    void aBodyThatFailsMidwayLeavesNothingBehind() throws Exception {
        IndexedObjectStore store = store(TestDatabase.SQLITE);
        String b = newBucket(store);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100_000) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> store.put(b, "k", failing, null))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("IncompleteBody"));
        assertThat(store.head(b, "k", Optional.empty())).isEmpty();
        assertThat(dataFiles()).isEmpty();
        try (Stream<Path> temps = Files.list(dir.resolve("objects/tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void reopeningRemovesTempAndUnreferencedFiles() throws Exception {
        IndexedObjectStore store = store(TestDatabase.SQLITE);
        String b = newBucket(store);
        store.put(b, "kept", text("kept"), null);
        Files.writeString(dir.resolve("objects/tmp/crashed.part"), "half");
        Path orphan = dir.resolve("objects/data/ab/abandoned");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "renamed but never indexed");

        IndexedObjectStore reopened = store(TestDatabase.SQLITE);
        assertThat(read(reopened, b, "kept", Optional.empty())).isEqualTo("kept");
        assertThat(dir.resolve("objects/tmp/crashed.part")).doesNotExist();
        assertThat(orphan).doesNotExist();
    }

    @Test
    void unknownBucketsAndKeysHaveS3Codes() throws Exception {
        IndexedObjectStore store = store(TestDatabase.SQLITE);
        assertThatThrownBy(() -> store.put("no-such-bucket", "k", text("x"), null))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
        String b = newBucket(store);
        assertThatThrownBy(() -> store.open(b, "missing", Optional.empty()))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"));
        assertThatThrownBy(() -> store.open(b, "missing", Optional.of("v")))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchVersion"));
        assertThatThrownBy(() -> store.createBucket(b, "000000000000"))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("BucketAlreadyOwnedByYou"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void bucketsBelongToTheAccountThatCreatedThem(TestDatabase engine) throws Exception {
        IndexedObjectStore store = store(engine);
        String b = newBucket(store);
        assertThat(store.bucketOwner(b)).contains("000000000000");
        assertThat(store.bucketOwner("never-made")).isEmpty();
        assertThatThrownBy(() -> store.createBucket(b, "111111111111"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.code()).isEqualTo("BucketAlreadyExists");
                    assertThat(e.getMessage()).startsWith("The requested bucket name is not available.");
                });
        assertThat(store.bucketOwner(b)).contains("000000000000");
        store.createBucket("other-" + b, "111111111111");
        assertThat(store.listBuckets("111111111111"))
                .extracting(BucketInfo::name, BucketInfo::ownerAccount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("other-" + b, "111111111111"));
        assertThat(store.listBuckets("000000000000"))
                .extracting(BucketInfo::name)
                .contains(b)
                .doesNotContain("other-" + b);
    }

    private List<Path> dataFiles() throws IOException {
        Path data = dir.resolve("objects/data");
        if (!Files.exists(data)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
