package dev.signet.server.objects.index;

import dev.signet.server.objects.ObjectPart;
import dev.signet.server.objects.index.ObjectRows.Row;
import dev.signet.server.store.Database;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;

/**
 * The object store's index of object versions in the database. Each change is one transaction. The
 * same SQL runs on SQLite and PostgreSQL; keys are compared as the hex of their UTF-8 bytes so
 * ordering never depends on a collation.
 */
final class ObjectIndex {
    private static final String COLUMNS = ObjectRows.COLUMNS;
    private static final int COMMIT_ATTEMPTS = 5;

    /** Work done inside a commit's transaction; throwing rolls the whole commit back. */
    interface Step {
        void run(Handle h);
    }

    private final Database database;

    ObjectIndex(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    /**
     * A part of a multipart object as recorded: its place in the object, and the part content that
     * holds its bytes when the object is composite (empty when they are in the version's own content).
     */
    record StoredPart(ObjectPart part, Optional<String> content) {}

    /** A version removed, and the content it alone referenced. */
    record Removed(Row row, Released released) {}

    /**
     * Makes {@code row} the latest version of its key. When {@code replaceNull} the existing version
     * {@code "null"} is removed in the same transaction.
     *
     * @return the content no longer referenced, to delete after the commit
     */
    Released commit(Row row, boolean replaceNull) {
        return commit(row, replaceNull, List.of(), h -> {});
    }

    /**
     * As {@link #commit(Row, boolean)}, also recording the parts of a multipart object and running
     * {@code also} in the same transaction.
     */
    Released commit(Row row, boolean replaceNull, List<StoredPart> parts, Step also) {
        JdbiException last = null;
        for (int attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
            try {
                return database.jdbi().inTransaction(h -> {
                    also.run(h);
                    return commitOnce(h, row, replaceNull, parts);
                });
            } catch (JdbiException e) {
                // Two writers of one key picked the same seq; the unique constraint refused one.
                last = e;
            }
        }
        throw last;
    }

    private static Released commitOnce(Handle h, Row row, boolean replaceNull, List<StoredPart> parts) {
        String keyHex = ObjectRows.hex(row.key());
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
        ObjectRows.bind(
                        h.createUpdate(
                                "INSERT INTO object_versions (" + COLUMNS + ") VALUES (" + ObjectRows.VALUES + ")"),
                        row)
                .bind("seq", seq)
                .execute();
        orphaned.removeIf(Objects::isNull);
        Released released = Released.NOTHING;
        for (String f : orphaned) {
            released = released.and(release(h, f));
        }
        if (!parts.isEmpty()) {
            PreparedBatch batch = h.prepareBatch("INSERT INTO object_parts (file_name, part_number, part_offset, size,"
                    + " etag, checksum_value, content_name) VALUES (:f, :n, :o, :s, :e, :c, :content)");
            for (StoredPart stored : parts) {
                ObjectPart p = stored.part();
                batch.bind("f", row.fileName().orElseThrow())
                        .bind("n", p.partNumber())
                        .bind("o", p.offset())
                        .bind("s", p.size())
                        .bind("e", p.etag())
                        .bind("c", p.checksum().orElse(null))
                        .bind("content", stored.content().orElse(null))
                        .add();
            }
            batch.execute();
        }
        return released;
    }

    /**
     * Removes the part rows of a version's content {@code fileName} inside a running transaction;
     * what the version referenced: its parts' contents when it is composite, else its own content.
     */
    private static Released release(Handle h, String fileName) {
        List<String> kept = h.createQuery(
                        "SELECT content_name FROM object_parts WHERE file_name = :f" + " AND content_name IS NOT NULL")
                .bind("f", fileName)
                .mapTo(String.class)
                .list();
        h.createUpdate("DELETE FROM object_parts WHERE file_name = :f")
                .bind("f", fileName)
                .execute();
        return kept.isEmpty() ? new Released(List.of(fileName), List.of()) : new Released(List.of(), kept);
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
                    .bind("k", ObjectRows.hex(key))
                    .map((rs, ctx) -> ObjectRows.read(rs))
                    .findOne();
        });
    }

    /**
     * The parts of the version with content {@code fileName} that overlap the bytes {@code start}
     * (inclusive) to {@code end} (exclusive), in order, as {@link CompositeStream} reads them; empty
     * when the version is not composite (its bytes are in its own content).
     */
    List<CompositeStream.Piece> pieces(String fileName, long start, long end) {
        List<Optional<CompositeStream.Piece>> rows = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT content_name, part_offset, size FROM object_parts WHERE"
                                + " file_name = :f AND part_offset < :end AND part_offset + size > :start"
                                + " ORDER BY part_number")
                        .bind("f", fileName)
                        .bind("start", start)
                        .bind("end", end)
                        .map((rs, ctx) -> {
                            String content = rs.getString("content_name");
                            return content == null
                                    ? Optional.<CompositeStream.Piece>empty()
                                    : Optional.of(new CompositeStream.Piece(
                                            content, rs.getLong("part_offset"), rs.getLong("size")));
                        })
                        .list());
        if (rows.isEmpty() || rows.stream().anyMatch(Optional::isEmpty)) {
            return List.of();
        }
        return rows.stream().map(Optional::orElseThrow).toList();
    }

    /** One part of a multipart object, by its content file. */
    Optional<ObjectPart> part(String fileName, int partNumber) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT part_number, part_offset, size, etag, checksum_value FROM"
                                + " object_parts WHERE file_name = :f AND part_number = :n")
                        .bind("f", fileName)
                        .bind("n", partNumber)
                        .map((rs, ctx) -> new ObjectPart(
                                rs.getInt("part_number"),
                                rs.getLong("part_offset"),
                                rs.getLong("size"),
                                rs.getString("etag"),
                                Optional.ofNullable(rs.getString("checksum_value"))))
                        .findOne());
    }

    List<Row> listLatest(String bucket, String prefix, Optional<String> startAfter, int limit) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS
                                + " FROM object_versions WHERE bucket = :b AND latest = 1 AND delete_marker = 0"
                                + " AND key_hex LIKE :p AND key_hex > :after ORDER BY key_hex LIMIT :limit")
                        .bind("b", bucket)
                        .bind("p", ObjectRows.hex(prefix) + "%")
                        .bind("after", startAfter.map(ObjectRows::hex).orElse(""))
                        .bind("limit", limit)
                        .map((rs, ctx) -> ObjectRows.read(rs))
                        .list());
    }

    /** Versions (delete markers included) in key order, newest first, after a marker. */
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
                    .bind("p", ObjectRows.hex(prefix) + "%")
                    .bind("limit", limit);
            keyMarker.ifPresent(k -> q.bind("km", ObjectRows.hex(k)));
            seqMarker.ifPresent(s -> q.bind("sm", s));
            return q.map((rs, ctx) -> ObjectRows.read(rs)).list();
        });
    }

    /**
     * Removes one version; when it was the latest, the newest remaining version becomes latest.
     *
     * @return the removed row and the content it referenced, which the caller deletes
     */
    Optional<Removed> deleteVersion(String bucket, String key, String versionId) {
        String keyHex = ObjectRows.hex(key);
        return database.jdbi().inTransaction(h -> {
            Optional<Row> existing = h.createQuery("SELECT " + COLUMNS
                            + " FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = :v")
                    .bind("b", bucket)
                    .bind("k", keyHex)
                    .bind("v", versionId)
                    .map((rs, ctx) -> ObjectRows.read(rs))
                    .findOne();
            if (existing.isEmpty()) {
                return Optional.<Removed>empty();
            }
            h.createUpdate("DELETE FROM object_versions WHERE bucket = :b AND key_hex = :k AND version_id = :v")
                    .bind("b", bucket)
                    .bind("k", keyHex)
                    .bind("v", versionId)
                    .execute();
            Released released =
                    existing.get().fileName().map(f -> release(h, f)).orElse(Released.NOTHING);
            if (existing.get().latest()) {
                h.createUpdate("UPDATE object_versions SET latest = 1 WHERE bucket = :b AND key_hex = :k AND seq ="
                                + " (SELECT MAX(seq) FROM object_versions WHERE bucket = :b AND key_hex = :k)")
                        .bind("b", bucket)
                        .bind("k", keyHex)
                        .execute();
            }
            return Optional.of(new Removed(existing.get(), released));
        });
    }

    /** Whether any version (or marker) of the key exists. */
    boolean anyVersion(String bucket, String key) {
        return database.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT COUNT(*) FROM object_versions WHERE bucket = :b AND key_hex = :k")
                                        .bind("b", bucket)
                                        .bind("k", ObjectRows.hex(key))
                                        .mapTo(Integer.class)
                                        .one()
                                > 0);
    }

    /**
     * The content files some version references (for a composite version, the name of its layout,
     * which no content has). Part rows of files no version references are removed on the way.
     */
    Set<String> referencedFiles() {
        return database.jdbi().inTransaction(h -> {
            h.createUpdate("DELETE FROM object_parts WHERE file_name NOT IN"
                            + " (SELECT file_name FROM object_versions WHERE file_name IS NOT NULL)")
                    .execute();
            return new HashSet<>(h.createQuery("SELECT file_name FROM object_versions WHERE file_name IS NOT NULL")
                    .mapTo(String.class)
                    .list());
        });
    }

    /** The part contents composite versions are made of. */
    Set<String> referencedPartContents() {
        return new HashSet<>(database.jdbi()
                .withHandle(h -> h.createQuery("SELECT content_name FROM object_parts WHERE content_name IS NOT NULL")
                        .mapTo(String.class)
                        .list()));
    }
}
