package dev.signet.server.objects;

import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A versioned object store with the calls a signing workflow needs. The embedded default keeps
 * objects on the local filesystem; cluster mode uses any S3-compatible store. A put is atomic: a
 * reader sees the whole new version or none of it.
 */
public interface ObjectStore {
    /** The largest object one put or copy writes: S3's 5 GiB (larger objects take a multipart upload). */
    long MAX_OBJECT_SIZE = 5L * 1024 * 1024 * 1024;

    /**
     * Creates a bucket owned by {@code ownerAccount}. Bucket names are one namespace for the whole
     * deployment: a name another account owns is BucketAlreadyExists, one the owner has is
     * BucketAlreadyOwnedByYou.
     */
    void createBucket(String bucket, String ownerAccount) throws ObjectStoreException;

    /** Deletes an empty bucket: BucketNotEmpty while it holds any version, delete marker or multipart upload. */
    void deleteBucket(String bucket) throws ObjectStoreException;

    /** The buckets {@code ownerAccount} owns, by name. */
    List<BucketInfo> listBuckets(String ownerAccount);

    /** The account that owns the bucket; empty when there is no such bucket. */
    Optional<String> bucketOwner(String bucket);

    boolean bucketExists(String bucket);

    void setVersioning(String bucket, boolean enabled) throws ObjectStoreException;

    boolean versioningEnabled(String bucket) throws ObjectStoreException;

    /** The bucket's versioning state, distinguishing never-versioned from suspended. */
    BucketVersioning versioning(String bucket) throws ObjectStoreException;

    /**
     * Stores {@code body} as a new version of {@code key}, with its MD5 as ETag and, when an algorithm
     * is given, that checksum of the content (FULL_OBJECT). When versioning is off the version id is
     * {@code "null"}, as S3 does.
     */
    ObjectInfo put(
            String bucket,
            String key,
            InputStream body,
            ObjectAttributes attributes,
            Optional<ChecksumAlgorithm> checksum)
            throws ObjectStoreException;

    /** {@link #put} with a content type (default {@code application/octet-stream}), no metadata, no checksum. */
    default ObjectInfo put(String bucket, String key, InputStream body, String contentType)
            throws ObjectStoreException {
        return put(bucket, key, body, ObjectAttributes.of(contentType, Map.of()), Optional.empty());
    }

    /**
     * As {@link #put}, keeping the new version only if {@code condition} holds in the transaction
     * that commits it: both are committed together, or neither (the content written is discarded).
     *
     * @return the new version, or empty when the condition did not hold: nothing was stored
     */
    Optional<ObjectInfo> putIf(
            String bucket, String key, InputStream body, ObjectAttributes attributes, CommitCondition condition)
            throws ObjectStoreException;

    /** The latest version when {@code versionId} is empty; empty if that is a delete marker or absent. */
    Optional<ObjectInfo> head(String bucket, String key, Optional<String> versionId) throws ObjectStoreException;

    /** As {@link #head}, but a delete marker is returned as such rather than as absent. */
    Optional<VersionEntry> find(String bucket, String key, Optional<String> versionId) throws ObjectStoreException;

    /** One part of a version made by a multipart upload; empty for other versions or numbers. */
    Optional<ObjectPart> part(String bucket, String key, String versionId, int partNumber) throws ObjectStoreException;

    /** Opens a version's content; the caller closes the stream. */
    InputStream open(String bucket, String key, Optional<String> versionId) throws ObjectStoreException, IOException;

    /**
     * Opens {@code length} bytes of a version's content from {@code start}, a range within its size,
     * reading only those (a store over the network asks for that range alone); content that ends
     * early is an IOException. The caller closes the stream.
     */
    InputStream open(String bucket, String key, Optional<String> versionId, long start, long length)
            throws ObjectStoreException, IOException;

    /** Latest versions of keys starting with {@code prefix}, in key order, after {@code startAfter}. */
    List<ObjectInfo> list(String bucket, String prefix, Optional<String> startAfter, int max)
            throws ObjectStoreException;

    /** Every version of keys starting with {@code prefix}, newest first within a key. */
    List<ObjectInfo> listVersions(String bucket, String prefix, int max) throws ObjectStoreException;

    /**
     * Versions and delete markers of keys starting with {@code prefix}, in key order and newest first within a key,
     * strictly after the version {@code versionIdMarker} of {@code keyMarker} (or after every
     * version of {@code keyMarker} when no version marker is given).
     */
    List<VersionEntry> listVersionEntries(
            String bucket, String prefix, Optional<String> keyMarker, Optional<String> versionIdMarker, int max)
            throws ObjectStoreException;

    /**
     * Deletes a version when {@code versionId} is given; otherwise deletes the object in an
     * unversioned bucket, or adds a delete marker in a versioned one (the key then reads as absent).
     * Deleting what does not exist succeeds, as in S3.
     */
    DeleteResult delete(String bucket, String key, Optional<String> versionId) throws ObjectStoreException;

    /** The multipart uploads of this store. */
    MultipartUploads multipart();

    /**
     * Checks, cheaply, that content can be stored now (a readiness check): the directories writable,
     * the bucket reachable. Throws an {@link ObjectStoreException} ({@code InternalError}) naming
     * what is wrong. The default, for a store with nothing to reach, returns.
     */
    default void probe() throws ObjectStoreException {}
}
