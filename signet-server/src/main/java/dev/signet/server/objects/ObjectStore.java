package dev.signet.server.objects;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * A versioned object store with the calls a signing workflow needs. The embedded default keeps
 * objects on the local filesystem; cluster mode uses any S3-compatible store. A put is atomic: a
 * reader sees the whole new version or none of it.
 */
public interface ObjectStore {

    void createBucket(String bucket) throws ObjectStoreException;

    boolean bucketExists(String bucket);

    void setVersioning(String bucket, boolean enabled) throws ObjectStoreException;

    boolean versioningEnabled(String bucket) throws ObjectStoreException;

    /**
     * Stores {@code body} as a new version of {@code key}. When versioning is off the version id is
     * {@code "null"}, as S3 does.
     */
    ObjectInfo put(String bucket, String key, InputStream body, String contentType) throws ObjectStoreException;

    /** The latest version when {@code versionId} is empty. */
    Optional<ObjectInfo> head(String bucket, String key, Optional<String> versionId) throws ObjectStoreException;

    /** Opens a version's content; the caller closes the stream. */
    InputStream open(String bucket, String key, Optional<String> versionId) throws ObjectStoreException, IOException;

    /** Latest versions of keys starting with {@code prefix}, in key order, after {@code startAfter}. */
    List<ObjectInfo> list(String bucket, String prefix, Optional<String> startAfter, int max)
            throws ObjectStoreException;

    /** Every version of keys starting with {@code prefix}, newest first within a key. */
    List<ObjectInfo> listVersions(String bucket, String prefix, int max) throws ObjectStoreException;
}
