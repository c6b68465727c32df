package dev.signet.server.objects;

import dev.signet.core.crypto.SecureFiles;
import dev.signet.server.store.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded object store: buckets and the version index in the database, content in files under
 * {@code root/data}. A put streams the body to {@code root/tmp}, computing its MD5, fsyncs, renames
 * it into {@code data/} and only then commits the index row, so a crash at any point leaves either
 * the whole new version visible or none of it. Temp files and content files no row references are
 * removed when the store opens.
 */
public final class FilesystemObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(FilesystemObjectStore.class);
    /** S3's limit for a single PUT. */
    public static final long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024;

    static final String NULL_VERSION = "null";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    private static final int BUFFER = 64 * 1024;

    private final Path data;
    private final Path tmp;
    private final ObjectIndex index;
    private final Clock clock;

    private FilesystemObjectStore(Path root, Database database, Clock clock) {
        this.data = root.resolve("data");
        this.tmp = root.resolve("tmp");
        this.index = new ObjectIndex(database);
        this.clock = clock;
    }

    /** Opens the store under {@code root}, creating its folders and cleaning what a crash left. */
    public static FilesystemObjectStore open(Path root, Database database, Clock clock) throws IOException {
        Objects.requireNonNull(database, "database");
        FilesystemObjectStore store = new FilesystemObjectStore(root, database, Objects.requireNonNull(clock));
        SecureFiles.createPrivateDirectories(store.data);
        SecureFiles.createPrivateDirectories(store.tmp);
        store.cleanUp();
        return store;
    }

    private void cleanUp() throws IOException {
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(tmp)) {
            for (Path p : temps) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        Set<String> referenced = index.referencedFiles();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(data)) {
            for (Path shard : shards) {
                if (!Files.isDirectory(shard)) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard)) {
                    for (Path f : files) {
                        if (!referenced.contains(f.getFileName().toString())) {
                            Files.deleteIfExists(f);
                            removed++;
                        }
                    }
                }
            }
        }
        if (removed > 0) {
            LOG.info("Object store: removed {} unfinished or unreferenced files", removed);
        }
    }

    @Override
    public void createBucket(String bucket) throws ObjectStoreException {
        ObjectNames.checkBucket(bucket);
        if (!index.insertBucket(bucket, clock.instant())) {
            throw new ObjectStoreException(
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.");
        }
    }

    @Override
    public List<BucketInfo> listBuckets() {
        return index.buckets();
    }

    @Override
    public boolean bucketExists(String bucket) {
        return index.bucket(bucket).isPresent();
    }

    @Override
    public void setVersioning(String bucket, boolean enabled) throws ObjectStoreException {
        requireBucket(bucket);
        index.setVersioning(bucket, enabled ? BucketVersioning.ENABLED : BucketVersioning.SUSPENDED);
    }

    @Override
    public boolean versioningEnabled(String bucket) throws ObjectStoreException {
        return versioning(bucket) == BucketVersioning.ENABLED;
    }

    @Override
    public BucketVersioning versioning(String bucket) throws ObjectStoreException {
        return requireBucket(bucket).versioning();
    }

    @Override
    public ObjectInfo put(String bucket, String key, InputStream body, String contentType) throws ObjectStoreException {
        BucketInfo info = requireBucket(bucket);
        ObjectNames.checkKey(key);
        String type = contentType == null || contentType.isBlank() ? DEFAULT_CONTENT_TYPE : contentType;
        ObjectNames.checkContentType(type);
        String fileName = UUID.randomUUID().toString();
        Path temp = tmp.resolve(fileName + ".part");
        Path target = fileFor(fileName);
        long size;
        String etag;
        try {
            MessageDigest md5 = md5();
            size = copy(body, temp, md5);
            etag = HexFormat.of().formatHex(md5.digest());
            SecureFiles.createPrivateDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new ObjectStoreException("IncompleteBody", "The object body could not be read completely.", e);
        }
        boolean versioned = info.versioning() == BucketVersioning.ENABLED;
        String versionId = versioned ? newVersionId() : NULL_VERSION;
        ObjectIndex.Row row = new ObjectIndex.Row(
                bucket, key, versionId, 0, true, false, size, etag, type, Optional.of(fileName), clock.instant());
        try {
            index.commit(row, !versioned).forEach(f -> deleteQuietly(fileFor(f)));
        } catch (JdbiException e) {
            deleteQuietly(target);
            throw new ObjectStoreException("InternalError", "The object could not be recorded.", e);
        }
        return row.info();
    }

    private long copy(InputStream body, Path temp, MessageDigest md5) throws IOException, ObjectStoreException {
        long size = 0;
        // 0600 from creation: object files are never walked to repair their modes (see SignetServer)
        try (FileChannel channel = SecureFiles.createOwnerOnly(temp);
                OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                size += n;
                if (size > MAX_OBJECT_SIZE) {
                    throw new ObjectStoreException(
                            "EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.");
                }
                md5.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        } catch (ObjectStoreException e) {
            deleteQuietly(temp);
            throw e;
        }
        return size;
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key, Optional<String> versionId)
            throws ObjectStoreException {
        requireBucket(bucket);
        return index.find(bucket, key, versionId).filter(r -> !r.deleteMarker()).map(ObjectIndex.Row::info);
    }

    @Override
    public InputStream open(String bucket, String key, Optional<String> versionId)
            throws ObjectStoreException, IOException {
        requireBucket(bucket);
        ObjectIndex.Row row = index.find(bucket, key, versionId)
                .filter(r -> !r.deleteMarker())
                .orElseThrow(() -> versionId.isPresent()
                        ? new ObjectStoreException("NoSuchVersion", "The specified version does not exist.")
                        : new ObjectStoreException("NoSuchKey", "The specified key does not exist."));
        return Files.newInputStream(fileFor(row.fileName().orElseThrow()));
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix, Optional<String> startAfter, int max)
            throws ObjectStoreException {
        requireBucket(bucket);
        return index.listLatest(bucket, prefix, startAfter, clamp(max)).stream()
                .map(ObjectIndex.Row::info)
                .toList();
    }

    @Override
    public List<ObjectInfo> listVersions(String bucket, String prefix, int max) throws ObjectStoreException {
        return listVersionEntries(bucket, prefix, Optional.empty(), Optional.empty(), max).stream()
                .filter(e -> !e.deleteMarker())
                .map(VersionEntry::info)
                .toList();
    }

    @Override
    public List<VersionEntry> listVersionEntries(
            String bucket, String prefix, Optional<String> keyMarker, Optional<String> versionIdMarker, int max)
            throws ObjectStoreException {
        requireBucket(bucket);
        Optional<Long> seqMarker = Optional.empty();
        if (keyMarker.isPresent() && versionIdMarker.isPresent()) {
            seqMarker = Optional.of(index.find(bucket, keyMarker.get(), versionIdMarker)
                    .orElseThrow(() -> new ObjectStoreException(
                            "InvalidArgument", "The version id marker does not name a version of the key marker."))
                    .seq());
        }
        return index.listVersions(bucket, prefix, keyMarker, seqMarker, clamp(max)).stream()
                .map(r -> new VersionEntry(r.info(), r.deleteMarker()))
                .toList();
    }

    @Override
    public DeleteResult delete(String bucket, String key, Optional<String> versionId) throws ObjectStoreException {
        BucketInfo info = requireBucket(bucket);
        ObjectNames.checkKey(key);
        if (versionId.isPresent()) {
            Optional<ObjectIndex.Row> removed = index.deleteVersion(bucket, key, versionId.get());
            removed.flatMap(ObjectIndex.Row::fileName).ifPresent(f -> deleteQuietly(fileFor(f)));
            return new DeleteResult(
                    versionId, removed.map(ObjectIndex.Row::deleteMarker).orElse(false));
        }
        if (info.versioning() == BucketVersioning.ENABLED) {
            return addDeleteMarker(bucket, key, newVersionId(), false);
        }
        Optional<ObjectIndex.Row> removed = index.deleteVersion(bucket, key, NULL_VERSION);
        removed.flatMap(ObjectIndex.Row::fileName).ifPresent(f -> deleteQuietly(fileFor(f)));
        if (info.versioning() == BucketVersioning.SUSPENDED && index.anyVersion(bucket, key)) {
            return addDeleteMarker(bucket, key, NULL_VERSION, true);
        }
        return new DeleteResult(Optional.empty(), false);
    }

    private DeleteResult addDeleteMarker(String bucket, String key, String versionId, boolean replaceNull) {
        ObjectIndex.Row marker = new ObjectIndex.Row(
                bucket, key, versionId, 0, true, true, 0, "", "", Optional.empty(), clock.instant());
        index.commit(marker, replaceNull).forEach(f -> deleteQuietly(fileFor(f)));
        return new DeleteResult(Optional.of(versionId), true);
    }

    private BucketInfo requireBucket(String bucket) throws ObjectStoreException {
        if (bucket == null || bucket.length() > 63) {
            throw new ObjectStoreException("NoSuchBucket", "The specified bucket does not exist.");
        }
        return index.bucket(bucket)
                .orElseThrow(() -> new ObjectStoreException("NoSuchBucket", "The specified bucket does not exist."));
    }

    private Path fileFor(String fileName) {
        return data.resolve(fileName.substring(0, 2)).resolve(fileName);
    }

    private static int clamp(int max) {
        return Math.max(0, Math.min(max, 1000));
    }

    private static String newVersionId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", p, e.toString());
        }
    }
}
