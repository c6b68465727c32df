package dev.signet.server.objects.index;

import dev.signet.server.objects.BucketInfo;
import dev.signet.server.objects.BucketVersioning;
import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/** The buckets table: names, creation times, versioning states. Each change is one transaction. */
final class BucketIndex {
    /** What a bucket deletion found. */
    enum Deletion {
        DELETED,
        NO_SUCH_BUCKET,
        NOT_EMPTY
    }

    private final Database database;

    BucketIndex(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * Inserts a bucket owned by {@code owner} unless the name is taken.
     *
     * @return empty when inserted, else the account that owns the existing bucket
     */
    Optional<String> insert(String name, String owner, Instant createdAt) {
        return database.jdbi().inTransaction(h -> {
            Optional<String> existing = h.createQuery("SELECT owner_account FROM buckets WHERE name = :n")
                    .bind("n", name)
                    .mapTo(String.class)
                    .findOne();
            if (existing.isPresent()) {
                return existing;
            }
            h.createUpdate("INSERT INTO buckets (name, versioning, created_at, owner_account) VALUES (:n, :v, :c, :o)")
                    .bind("n", name)
                    .bind("v", BucketVersioning.UNVERSIONED.name())
                    .bind("c", createdAt.toEpochMilli())
                    .bind("o", owner)
                    .execute();
            return Optional.empty();
        });
    }

    Optional<BucketInfo> find(String name) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT name, versioning, created_at, owner_account FROM buckets WHERE name = :n")
                        .bind("n", name)
                        .map((rs, ctx) -> bucketInfo(rs))
                        .findOne());
    }

    List<BucketInfo> ownedBy(String owner) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT name, versioning, created_at, owner_account FROM buckets"
                                + " WHERE owner_account = :o ORDER BY name")
                        .bind("o", owner)
                        .map((rs, ctx) -> bucketInfo(rs))
                        .list());
    }

    void setVersioning(String name, BucketVersioning versioning) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("UPDATE buckets SET versioning = :v WHERE name = :n")
                        .bind("v", versioning.name())
                        .bind("n", name)
                        .execute());
    }

    /**
     * Deletes a bucket that holds no version, delete marker or multipart upload. A writer that
     * commits into the bucket concurrently is stopped by the foreign keys of object_versions and
     * multipart_uploads: the delete then fails and the bucket is reported not empty.
     */
    Deletion delete(String name) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (h.createQuery("SELECT COUNT(*) FROM buckets WHERE name = :n")
                                .bind("n", name)
                                .mapTo(Integer.class)
                                .one()
                        == 0) {
                    return Deletion.NO_SUCH_BUCKET;
                }
                boolean used = h.createQuery("SELECT COUNT(*) FROM object_versions WHERE bucket = :n")
                                        .bind("n", name)
                                        .mapTo(Integer.class)
                                        .one()
                                > 0
                        || h.createQuery("SELECT COUNT(*) FROM multipart_uploads WHERE bucket = :n")
                                        .bind("n", name)
                                        .mapTo(Integer.class)
                                        .one()
                                > 0;
                if (used) {
                    return Deletion.NOT_EMPTY;
                }
                h.createUpdate("DELETE FROM buckets WHERE name = :n")
                        .bind("n", name)
                        .execute();
                return Deletion.DELETED;
            });
        } catch (JdbiException e) {
            if (foreignKeyViolation(e)) {
                return Deletion.NOT_EMPTY;
            }
            throw e;
        }
    }

    /** PostgreSQL's SQLSTATE 23503, or SQLite's message for the same constraint. */
    static boolean foreignKeyViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql
                    && ("23503".equals(sql.getSQLState())
                            || String.valueOf(sql.getMessage()).contains("FOREIGN KEY constraint failed"))) {
                return true;
            }
        }
        return false;
    }

    private static BucketInfo bucketInfo(ResultSet rs) throws SQLException {
        return new BucketInfo(
                rs.getString("name"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                BucketVersioning.valueOf(rs.getString("versioning")),
                rs.getString("owner_account"));
    }
}
