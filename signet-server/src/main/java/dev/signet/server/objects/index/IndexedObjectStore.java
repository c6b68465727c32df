package dev.signet.server.objects.index;

import dev.signet.server.objects.BucketInfo;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.objects.CommitCondition;
import dev.signet.server.objects.DeleteResult;
import dev.signet.server.objects.MultipartUploads;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.ObjectNames;
import dev.signet.server.objects.ObjectPart;
import dev.signet.server.objects.ObjectStore;
import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.VersionEntry;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.objects.checksum.ObjectChecksum;
import dev.signet.server.objects.index.ContentStore.Written;
import dev.signet.server.objects.index.ObjectRows.Row;
import dev.signet.server.store.Database;
import dev.signet.server.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;

/**
 * An object store whose index is in the database (buckets, versions, multipart uploads: every S3
 * semantic Signet serves) and whose bytes are in a {@link ContentStore} (files, or an S3-compatible
 * bucket). A put streams the body into new content, computing its MD5 and any checksum asked for,
 * and only then commits the index row, so a crash at any point leaves either the whole new version
 * visible or none of it; content no row references is removed by the content store's clean-up when
 * the store opens. A version made by a multipart upload on a content store that keeps parts is a
 * composite object: read across its parts' content, which is deleted with the version. Closing the
 * store closes its content store.
 */
public final class IndexedObjectStore implements ObjectStore, AutoCloseable {
    /** The version id of every version written while versioning is off, as in S3. */
    static final String NULL_VERSION = "null";

    private final ContentStore files;
    private final BucketIndex buckets;
    private final ObjectIndex index;
    private final UploadIndex uploadIndex;
    private final IndexedMultipartUploads uploads;
    private final Clock clock;

    private IndexedObjectStore(ContentStore files, Database database, Clock clock) {
        this.files = files;
        this.buckets = new BucketIndex(database);
        this.index = new ObjectIndex(database);
        this.uploadIndex = new UploadIndex(database);
        this.clock = clock;
        this.uploads = new IndexedMultipartUploads(this, files, index, uploadIndex, clock);
    }

    /**
     * Opens the store over {@code content}, which it then owns, and cleans what a crash left (content
     * no row references).
     */
    public static IndexedObjectStore open(ContentStore content, Database database, Clock clock) throws IOException {
        Objects.requireNonNull(database, "database");
        IndexedObjectStore store =
                new IndexedObjectStore(Objects.requireNonNull(content), database, Objects.requireNonNull(clock));
        try {
            // the versions first: reading them drops part rows no version references
            Set<String> objects = store.index.referencedFiles();
            Set<String> parts = store.uploadIndex.referencedFiles();
            parts.addAll(store.index.referencedPartContents());
            store.files.cleanUp(objects, parts);
        } catch (IOException | RuntimeException e) {
            content.close();
            throw e;
        }
        return store;
    }

    @Override
    public void close() {
        files.close();
    }

    @Override
    public void probe() throws ObjectStoreException {
        files.probe();
    }

    @Override
    public MultipartUploads multipart() {
        return uploads;
    }

    @Override
    public void createBucket(String bucket, String ownerAccount) throws ObjectStoreException {
        ObjectNames.checkBucket(bucket);
        Optional<String> existing = buckets.insert(bucket, ownerAccount, clock.instant());
        if (existing.isPresent() && existing.get().equals(ownerAccount)) {
            throw new ObjectStoreException(
                    "BucketAlreadyOwnedByYou",
                    "Your previous request to create the named bucket succeeded and you already own it.");
        }
        if (existing.isPresent()) {
            throw new ObjectStoreException(
                    "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is shared by all users of the"
                            + " system. Please select a different name and try again.");
        }
    }

    @Override
    public void deleteBucket(String bucket) throws ObjectStoreException {
        requireBucket(bucket);
        switch (buckets.delete(bucket)) {
            case DELETED -> {}
            case NO_SUCH_BUCKET -> throw noSuchBucket();
            case NOT_EMPTY ->
                throw new ObjectStoreException("BucketNotEmpty", "The bucket you tried to delete is not empty");
        }
    }

    @Override
    public List<BucketInfo> listBuckets(String ownerAccount) {
        return buckets.ownedBy(ownerAccount);
    }

    @Override
    public Optional<String> bucketOwner(String bucket) {
        return buckets.find(bucket).map(BucketInfo::ownerAccount);
    }

    @Override
    public boolean bucketExists(String bucket) {
        return buckets.find(bucket).isPresent();
    }

    @Override
    public void setVersioning(String bucket, boolean enabled) throws ObjectStoreException {
        requireBucket(bucket);
        buckets.setVersioning(bucket, enabled ? BucketVersioning.ENABLED : BucketVersioning.SUSPENDED);
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
    public ObjectInfo put(
            String bucket,
            String key,
            InputStream body,
            ObjectAttributes attributes,
            Optional<ChecksumAlgorithm> checksum)
            throws ObjectStoreException {
        return write(bucket, key, body, attributes, checksum, h -> {}).orElseThrow();
    }

    @Override
    public Optional<ObjectInfo> putIf(
            String bucket, String key, InputStream body, ObjectAttributes attributes, CommitCondition condition)
            throws ObjectStoreException {
        return write(bucket, key, body, attributes, Optional.empty(), h -> {
            boolean holds;
            try {
                holds = condition.holds(h.getConnection());
            } catch (SQLException e) {
                throw new StoreException("the condition of an object write failed", e);
            }
            if (!holds) {
                throw new ConditionRefused();
            }
        });
    }

    private Optional<ObjectInfo> write(
            String bucket,
            String key,
            InputStream body,
            ObjectAttributes attributes,
            Optional<ChecksumAlgorithm> checksum,
            ObjectIndex.Step condition)
            throws ObjectStoreException {
        requireBucket(bucket);
        ObjectNames.checkKey(key);
        Written written;
        try {
            written = files.writeObject(
                    body, checksum, MAX_OBJECT_SIZE, "Your proposed upload exceeds the maximum allowed object size.");
        } catch (IOException e) {
            throw new ObjectStoreException("IncompleteBody", "The object body could not be read completely.", e);
        }
        // the bucket's versioning as it is now, after the (possibly long) upload
        BucketInfo info = requireBucket(bucket);
        boolean versioned = info.versioning() == BucketVersioning.ENABLED;
        Optional<ObjectChecksum> stored = checksum.map(a -> new ObjectChecksum(
                a,
                ChecksumType.FULL_OBJECT,
                Base64.getEncoder().encodeToString(written.checksum().orElseThrow())));
        Row row = new Row(
                bucket,
                key,
                versioned ? newVersionId() : NULL_VERSION,
                0,
                true,
                false,
                written.size(),
                HexFormat.of().formatHex(written.md5()),
                attributes,
                stored,
                0,
                Optional.of(written.name()),
                clock.instant());
        try {
            index.commit(row, !versioned, List.of(), condition).deleteFrom(files);
        } catch (ConditionRefused e) {
            files.deleteObject(written.name());
            return Optional.empty();
        } catch (JdbiException | StoreException e) {
            files.deleteObject(written.name());
            throw e instanceof JdbiException j && BucketIndex.foreignKeyViolation(j)
                    ? noSuchBucket()
                    : new ObjectStoreException("InternalError", "The object could not be recorded.", e);
        }
        return Optional.of(row.info());
    }

    /** Rolls back the transaction of a write whose condition did not hold. */
    private static final class ConditionRefused extends RuntimeException {
        ConditionRefused() {
            super("the write's condition did not hold", null, false, false);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key, Optional<String> versionId)
            throws ObjectStoreException {
        requireBucket(bucket);
        return index.find(bucket, key, versionId).filter(r -> !r.deleteMarker()).map(Row::info);
    }

    @Override
    public Optional<VersionEntry> find(String bucket, String key, Optional<String> versionId)
            throws ObjectStoreException {
        requireBucket(bucket);
        return index.find(bucket, key, versionId).map(r -> new VersionEntry(r.info(), r.deleteMarker()));
    }

    @Override
    public Optional<ObjectPart> part(String bucket, String key, String versionId, int partNumber)
            throws ObjectStoreException {
        requireBucket(bucket);
        return index.find(bucket, key, Optional.of(versionId))
                .filter(r -> !r.deleteMarker() && r.partCount() > 0)
                .flatMap(r -> index.part(r.fileName().orElseThrow(), partNumber));
    }

    @Override
    public InputStream open(String bucket, String key, Optional<String> versionId)
            throws ObjectStoreException, IOException {
        Row row = readable(bucket, key, versionId);
        return read(row, 0, row.size());
    }

    @Override
    public InputStream open(String bucket, String key, Optional<String> versionId, long start, long length)
            throws ObjectStoreException, IOException {
        Row row = readable(bucket, key, versionId);
        if (start < 0 || length < 0 || start > row.size() - length) {
            throw new IllegalArgumentException("range " + start + "+" + length + " outside " + row.size() + " bytes");
        }
        return read(row, start, length);
    }

    /** A range of a version's content: its own content, or across its parts' when it is composite. */
    private InputStream read(Row row, long start, long length) throws IOException {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        String fileName = row.fileName().orElseThrow();
        if (row.partCount() > 0) {
            List<CompositeStream.Piece> pieces = index.pieces(fileName, start, start + length);
            if (!pieces.isEmpty()) {
                return new CompositeStream(files, pieces, start, length);
            }
        }
        return files.open(fileName, start, length);
    }

    private Row readable(String bucket, String key, Optional<String> versionId) throws ObjectStoreException {
        requireBucket(bucket);
        return index.find(bucket, key, versionId)
                .filter(r -> !r.deleteMarker())
                .orElseThrow(() -> versionId.isPresent()
                        ? new ObjectStoreException("NoSuchVersion", "The specified version does not exist.")
                        : new ObjectStoreException("NoSuchKey", "The specified key does not exist."));
    }

    @Override
    public List<ObjectInfo> list(String bucket, String prefix, Optional<String> startAfter, int max)
            throws ObjectStoreException {
        requireBucket(bucket);
        return index.listLatest(bucket, prefix, startAfter, clamp(max)).stream()
                .map(Row::info)
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
            Optional<ObjectIndex.Removed> removed = index.deleteVersion(bucket, key, versionId.get());
            removed.ifPresent(r -> r.released().deleteFrom(files));
            return new DeleteResult(
                    versionId, removed.map(r -> r.row().deleteMarker()).orElse(false));
        }
        if (info.versioning() == BucketVersioning.ENABLED) {
            return addDeleteMarker(bucket, key, newVersionId(), false);
        }
        index.deleteVersion(bucket, key, NULL_VERSION)
                .ifPresent(r -> r.released().deleteFrom(files));
        if (info.versioning() == BucketVersioning.SUSPENDED && index.anyVersion(bucket, key)) {
            return addDeleteMarker(bucket, key, NULL_VERSION, true);
        }
        return new DeleteResult(Optional.empty(), false);
    }

    private DeleteResult addDeleteMarker(String bucket, String key, String versionId, boolean replaceNull) {
        index.commit(Row.marker(bucket, key, versionId, clock.instant()), replaceNull)
                .deleteFrom(files);
        return new DeleteResult(Optional.of(versionId), true);
    }

    BucketInfo requireBucket(String bucket) throws ObjectStoreException {
        if (bucket == null || bucket.length() > 63) {
            throw noSuchBucket();
        }
        return buckets.find(bucket).orElseThrow(IndexedObjectStore::noSuchBucket);
    }

    private static ObjectStoreException noSuchBucket() {
        return new ObjectStoreException("NoSuchBucket", "The specified bucket does not exist.");
    }

    private static int clamp(int max) {
        return Math.max(0, Math.min(max, 1000));
    }

    static String newVersionId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
