package dev.signet.server.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.filesystem.FilesystemObjectStore;
import dev.signet.server.objects.index.IndexedObjectStore;
import dev.signet.server.store.TestDatabase;
import dev.signet.server.store.TestDatabases;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A job's source copied by ranged reads in parallel: exactly the version's bytes, in place, and their
 * SHA-256, or a failure.
 */
class SourceDownloadTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    @TempDir
    Path dir;

    private static final AtomicInteger BUCKETS = new AtomicInteger();

    String bucket;

    IndexedObjectStore store() throws Exception {
        IndexedObjectStore objects = FilesystemObjectStore.open(
                dir.resolve("objects"), DATABASES.get(TestDatabase.SQLITE), Clock.systemUTC());
        bucket = "src-" + BUCKETS.incrementAndGet();
        objects.createBucket(bucket, "000000000000");
        objects.setVersioning(bucket, true);
        return objects;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, SourceDownload.CHUNK, 2 * SourceDownload.CHUNK + 7})
    void copiesExactlyTheVersionsBytesWhateverTheFileHeldBefore(long size) throws Exception {
        IndexedObjectStore objects = store();
        byte[] content = new byte[(int) size];
        new Random(size).nextBytes(content);
        ObjectInfo version = objects.put(bucket, "artifact", new ByteArrayInputStream(content), "application/zip");
        objects.put(bucket, "artifact", new ByteArrayInputStream(new byte[] {1, 2, 3}), "application/zip");
        Path target = Files.write(dir.resolve("target"), new byte[(int) SourceDownload.CHUNK + 100]);

        byte[] sha256 = SourceDownload.copy(objects, bucket, "artifact", version.versionId(), size, target);

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(sha256).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
    }

    @Test
    void aVersionGoneMidwayFailsTheCopy() throws Exception {
        IndexedObjectStore objects = store();
        byte[] content = new byte[(int) (2 * SourceDownload.CHUNK)];
        ObjectInfo version = objects.put(bucket, "artifact", new ByteArrayInputStream(content), "application/zip");
        objects.delete(bucket, "artifact", Optional.of(version.versionId()));

        assertThatThrownBy(() -> SourceDownload.copy(
                        objects, bucket, "artifact", version.versionId(), content.length, dir.resolve("target")))
                .isInstanceOfSatisfying(
                        ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchVersion"));
    }
}
