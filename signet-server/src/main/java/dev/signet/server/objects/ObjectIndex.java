package dev.signet.server.objects;

import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * The object store's index in the database: buckets and object versions. Each change is one
 * transaction. The same SQL runs on SQLite and PostgreSQL; keys are compared as the hex of their
 * UTF-8 bytes so ordering never depends on a collation.
 */
final class ObjectIndex {
    private static final String COLUMNS = "bucket, key_hex, object_key, version_id, seq, latest, delete_marker,"
            + " size, etag, content_type, file_name, last_modified";
    private static final int COMMIT_ATTEMPTS = 5;

    /** One row of {@code object_versions}. {@code fileName} is empty for a delete marker. */
    record Row(
            String bucket,
            String key,
            String versionId,
            long seq,
            boolean latest,
            boolean deleteMarker,
            long size,
            String etag,
            String contentType,
            Optional<String> fileName,
            Instant lastModified) {

        ObjectInfo info() {
            return new ObjectInfo(bucket, key, versionId, size, etag, contentType, lastModified, latest);
        }
    }

    private final Database database;

    ObjectIndex(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    boolean insertBucket(String name, Instant createdAt) {
        return database.jdbi().inTransaction(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM buckets WHERE name = :n")
                            .bind("n", name)
                            .mapTo(Integer.class)
                            .one()
                    > 0;
            if (exists) {
                return false;
            }
            h.createUpdate("INSERT INTO buckets (name, versioning, created_at) VALUES (:n, :v, :c)")
                    .bind("n", name)
                    .bind("v", BucketVersioning.UNVERSIONED.name())
                    .bind("c", createdAt.toEpochMilli())
                    .execute();
            return true;
        });
    }

    Optional<BucketInfo> bucket(String name) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT name, versioning, created_at FROM buckets WHERE name = :n")
                        .bind("n", name)
                        .map((rs, ctx) -> bucketInfo(rs))
                        .findOne());
    }

    List<BucketInfo> buckets() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT name, versioning, created_at FROM buckets ORDER BY name")
                        .map((rs, ctx) -> bucketInfo(rs))
                        .list());
    }

    private static BucketInfo bucketInfo(ResultSet rs) throws SQLException {
        return new BucketInfo(
                rs.getString("name"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                BucketVersioning.valueOf(rs.getString("versioning")));
    }

    void setVersioning(String name, BucketVersioning versioning) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE buckets SET versioning = :v WHERE name = :n")
                        .bind("v", versioning.name())
                        .bind("n", name)
                        .execute());
    }

    /**
     * Makes {@code row} the latest version of its key. When {@code replaceNull} the existing
     * version {@code "null"} is removed in the same transaction.
     *
     * @return the content files no longer referenced, to delete after the commit
     */
    List<String> commit(Row row, boolean replaceNull) {
        JdbiException last = null;
        for (int attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
            try {
                return database.jdbi().inTransaction(h -> commitOnce(h, row, replaceNull));
            } catch (JdbiException e) {
                // Two writers of one key picked the same seq; the unique constraint refused one.
                last = e;
            }
        }
        throw last;
    }

    private static List<String> commitOnce(Handle h, Row row, boolean replaceNull) {
        String keyHex = ObjectNames.hex(row.key());
        List<String> orphaned = new ArrayList<>();
        long seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM object_versions WHERE bucket = :b AND key_hex = :k")
                        .bind("b", row.bucket())
                        .bind("k", keyHex)
                        .mapTo(Long.class)
                        .one()
                + 1;
        if (replaceNull) {
            h.createQuery(
                            "SELECT file_name FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = 'null'")
                    .bind("b", row.bucket())
                    .bind("k", keyHex)
                    .mapTo(String.class)
                    .findOne()
                    .ifPresent(orphaned::add);
            h.createUpdate("DELETE FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = 'null'")
                    .bind("b", row.bucket())
                    .bind("k", keyHex)
                    .execute();
        }
        h.createUpdate("UPDATE object_versions SET latest = 0 WHERE bucket = :b AND key_hex = :k AND latest = 1")
                .bind("b", row.bucket())
                .bind("k", keyHex)
                .execute();
        h.createUpdate("INSERT INTO object_versions (" + COLUMNS + ") VALUES (:bucket, :keyHex, :key, :version, :seq,"
                        + " 1, :marker, :size, :etag, :type, :file, :modified)")
                .bind("bucket", row.bucket())
                .bind("keyHex", keyHex)
                .bind("key", row.key())
                .bind("version", row.versionId())
                .bind("seq", seq)
                .bind("marker", row.deleteMarker() ? 1 : 0)
                .bind("size", row.size())
                .bind("etag", row.etag())
                .bind("type", row.contentType())
                .bind("file", row.fileName().orElse(null))
                .bind("modified", row.lastModified().toEpochMilli())
                .execute();
        orphaned.removeIf(Objects::isNull);
        return orphaned;
    }

    /** The latest row of a key (which may be a delete marker), or the named version. */
    Optional<Row> find(String bucket, String key, Optional<String> versionId) {
        return database.jdbi().withHandle(h -> {
            Query q = versionId.isPresent()
                    ? h.createQuery("SELECT " + COLUMNS
                                    + " FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = :v")
                            .bind("v", versionId.get())
                    : h.createQuery("SELECT " + COLUMNS
                            + " FROM object_versions WHERE bucket = :b AND key_hex = :k AND latest = 1");
            return q.bind("b", bucket)
                    .bind("k", ObjectNames.hex(key))
                    .map((rs, ctx) -> row(rs))
                    .findOne();
        });
    }

    List<Row> listLatest(String bucket, String prefix, Optional<String> startAfter, int limit) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM object_versions WHERE bucket = :b AND latest = 1 AND delete_marker = 0"
                                + " AND key_hex LIKE :p AND key_hex > :after ORDER BY key_hex LIMIT :limit")
                        .bind("b", bucket)
                        .bind("p", ObjectNames.hex(prefix) + "%")
                        .bind("after", startAfter.map(ObjectNames::hex).orElse(""))
                        .bind("limit", limit)
                        .map((rs, ctx) -> row(rs))
                        .list());
    }

    /** Versions (not delete markers are included) in key order, newest first, after a marker. */
    List<Row> listVersions(
            String bucket, String prefix, Optional<String> keyMarker, Optional<Long> seqMarker, int limit) {
        String after;
        if (keyMarker.isEmpty()) {
            after = "key_hex >= ''";
        } else if (seqMarker.isEmpty()) {
            after = "key_hex > :km";
        } else {
            after = "(key_hex > :km OR (key_hex = :km AND seq < :sm))";
        }
        return database.jdbi().withHandle(h -> {
            Query q = h.createQuery("SELECT " + COLUMNS + " FROM object_versions WHERE bucket = :b AND key_hex LIKE :p"
                            + " AND " + after + " ORDER BY key_hex, seq DESC LIMIT :limit")
                    .bind("b", bucket)
                    .bind("p", ObjectNames.hex(prefix) + "%")
                    .bind("limit", limit);
            keyMarker.ifPresent(k -> q.bind("km", ObjectNames.hex(k)));
            seqMarker.ifPresent(s -> q.bind("sm", s));
            return q.map((rs, ctx) -> row(rs)).list();
        });
    }

    /**
     * Removes one version; when it was the latest, the newest remaining version becomes latest.
     *
     * @return the removed version's content file, if it had one
     */
    Optional<Row> deleteVersion(String bucket, String key, String versionId) {
        String keyHex = ObjectNames.hex(key);
        return database.jdbi().inTransaction(h -> {
            Optional<Row> existing = h.createQuery("SELECT " + COLUMNS
                            + " FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = :v")
                    .bind("b", bucket)
                    .bind("k", keyHex)
                    .bind("v", versionId)
                    .map((rs, ctx) -> row(rs))
                    .findOne();
            if (existing.isEmpty()) {
                return existing;
            }
            h.createUpdate("DELETE FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = :v")
                    .bind("b", bucket)
                    .bind("k", keyHex)
                    .bind("v", versionId)
                    .execute();
            if (existing.get().latest()) {
                h.createUpdate("UPDATE object_versions SET latest = 1 WHERE bucket = :b AND key_hex = :k AND seq ="
                                + " (SELECT MAX(seq) FROM object_versions WHERE bucket = :b AND key_hex = :k)")
                        .bind("b", bucket)
                        .bind("k", keyHex)
                        .execute();
            }
            return existing;
        });
    }

    /** Whether any version (or marker) of the key exists. */
    boolean anyVersion(String bucket, String key) {
        return database.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT COUNT(*) FROM object_versions WHERE bucket = :b AND key_hex = :k")
                                        .bind("b", bucket)
                                        .bind("k", ObjectNames.hex(key))
                                        .mapTo(Integer.class)
                                        .one()
                                > 0);
    }

    Set<String> referencedFiles() {
        return new HashSet<>(database.jdbi()
                .withHandle(h -> h.createQuery("SELECT file_name FROM object_versions WHERE file_name IS NOT NULL")
                        .mapTo(String.class)
                        .list()));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("bucket"),
                rs.getString("object_key"),
                rs.getString("version_id"),
                rs.getLong("seq"),
                rs.getInt("latest") == 1,
                rs.getInt("delete_marker") == 1,
                rs.getLong("size"),
                rs.getString("etag"),
                rs.getString("content_type"),
                Optional.ofNullable(rs.getString("file_name")),
                Instant.ofEpochMilli(rs.getLong("last_modified")));
    }
}
