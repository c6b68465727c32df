package dev.signet.server.objects.index;

import dev.signet.server.objects.MultipartUpload;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.UploadedPart;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;

/**
 * Multipart uploads and their parts in the database ({@code multipart_uploads},
 * {@code multipart_parts}). Upload ids start with the initiation time in hex, so ordering by id
 * orders by initiation. Same SQL on SQLite and PostgreSQL.
 */
final class UploadIndex {
    private static final String UPLOAD_COLUMNS =
            "upload_id, bucket, object_key, content_type, metadata, checksum_algorithm, checksum_type, initiated";
    private static final String PART_COLUMNS =
            "part_number, size, etag, checksum_algorithm, checksum_value, file_name, last_modified";
    private static final int ATTEMPTS = 5;

    /** A stored part and its file. */
    record PartRow(UploadedPart part, String fileName) {}

    /** The upload a completion or part write expected no longer exists. */
    static final class UploadGone extends RuntimeException {
        UploadGone() {
            super("the multipart upload no longer exists", null, false, false);
        }
    }

    private final Database database;

    UploadIndex(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    void insert(MultipartUpload u) {
        database.jdbi()
                .useHandle(h -> h.createUpdate("INSERT INTO multipart_uploads (upload_id, bucket, key_hex, object_key,"
                                + " content_type, metadata, checksum_algorithm, checksum_type, initiated) VALUES (:id,"
                                + " :b, :kh, :k, :t, :m, :a, :ct, :i)")
                        .bind("id", u.uploadId())
                        .bind("b", u.bucket())
                        .bind("kh", ObjectRows.hex(u.key()))
                        .bind("k", u.key())
                        .bind("t", u.attributes().contentType())
                        .bind(
                                "m",
                                Objects.requireNonNullElse(
                                        ObjectRows.metadataJson(u.attributes().metadata()), ""))
                        .bind("a", u.checksumAlgorithm().map(Enum::name).orElse(null))
                        .bind("ct", u.checksumType().map(Enum::name).orElse(null))
                        .bind("i", u.initiated().toEpochMilli())
                        .execute());
    }

    Optional<MultipartUpload> find(String uploadId) {
        return database.jdbi()
                .withHandle(
                        h -> h.createQuery("SELECT " + UPLOAD_COLUMNS + " FROM multipart_uploads WHERE upload_id = :id")
                                .bind("id", uploadId)
                                .map((rs, ctx) -> upload(rs))
                                .findOne());
    }

    /**
     * Records a part, replacing the row of the same number.
     *
     * @return the file of the part it replaced, to delete after the commit
     * @throws UploadGone when the upload was completed or aborted meanwhile
     */
    Optional<String> putPart(String uploadId, PartRow row) {
        JdbiException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return database.jdbi().inTransaction(h -> putPartOnce(h, uploadId, row));
            } catch (JdbiException e) {
                if (BucketIndex.foreignKeyViolation(e)) {
                    throw new UploadGone();
                }
                // two writers of one part number inserted at once; the primary key refused one
                last = e;
            }
        }
        throw last;
    }

    private static Optional<String> putPartOnce(Handle h, String uploadId, PartRow row) {
        lock(h, uploadId);
        UploadedPart p = row.part();
        Optional<String> previous = h.createQuery(
                        "SELECT file_name FROM multipart_parts WHERE upload_id = :u AND part_number = :n")
                .bind("u", uploadId)
                .bind("n", p.partNumber())
                .mapTo(String.class)
                .findOne();
        h.createUpdate("DELETE FROM multipart_parts WHERE upload_id = :u AND part_number = :n")
                .bind("u", uploadId)
                .bind("n", p.partNumber())
                .execute();
        h.createUpdate("INSERT INTO multipart_parts (upload_id, " + PART_COLUMNS
                        + ") VALUES (:u, :n, :s, :e, :a, :c, :f, :m)")
                .bind("u", uploadId)
                .bind("n", p.partNumber())
                .bind("s", p.size())
                .bind("e", p.etag())
                .bind("a", p.checksumAlgorithm().map(Enum::name).orElse(null))
                .bind("c", p.checksum().orElse(null))
                .bind("f", row.fileName())
                .bind("m", p.lastModified().toEpochMilli())
                .execute();
        return previous;
    }

    /** Parts numbered above {@code after}, in order, at most {@code limit}. */
    List<PartRow> parts(String uploadId, int after, int limit) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + PART_COLUMNS + " FROM multipart_parts WHERE upload_id = :u"
                                + " AND part_number > :a ORDER BY part_number LIMIT :l")
                        .bind("u", uploadId)
                        .bind("a", after)
                        .bind("l", limit)
                        .map((rs, ctx) -> part(rs))
                        .list());
    }

    /**
     * Locks the upload's row for the rest of a running transaction (a write of it, which changes
     * nothing), so that a part's replacement and the upload's completion or abort, each of which
     * begins so, take turns: a completion sees its parts as they are when it commits. The same SQL
     * serialises on both databases: PostgreSQL locks the row, SQLite takes its write lock.
     *
     * @throws UploadGone when the upload no longer exists
     */
    static void lock(Handle h, String uploadId) {
        if (h.createUpdate("UPDATE multipart_uploads SET initiated = initiated WHERE upload_id = :u")
                        .bind("u", uploadId)
                        .execute()
                == 0) {
            throw new UploadGone();
        }
    }

    /**
     * Deletes the upload inside a running transaction.
     *
     * @return the files of every part it had
     * @throws UploadGone when it no longer exists
     */
    static List<String> delete(Handle h, String uploadId) {
        lock(h, uploadId);
        List<String> files = h.createQuery("SELECT file_name FROM multipart_parts WHERE upload_id = :u")
                .bind("u", uploadId)
                .mapTo(String.class)
                .list();
        h.createUpdate("DELETE FROM multipart_parts WHERE upload_id = :u")
                .bind("u", uploadId)
                .execute();
        if (h.createUpdate("DELETE FROM multipart_uploads WHERE upload_id = :u")
                        .bind("u", uploadId)
                        .execute()
                == 0) {
            throw new UploadGone();
        }
        return files;
    }

    /** Deletes the upload; empty when it did not exist, else the files of its parts. */
    Optional<List<String>> delete(String uploadId) {
        try {
            return Optional.of(database.jdbi().inTransaction(h -> delete(h, uploadId)));
        } catch (UploadGone e) {
            return Optional.empty();
        }
    }

    List<MultipartUpload> list(
            String bucket, String prefix, Optional<String> keyMarker, Optional<String> uploadIdMarker, int limit) {
        String after;
        if (keyMarker.isEmpty()) {
            after = "";
        } else if (uploadIdMarker.isEmpty()) {
            after = " AND key_hex > :km";
        } else {
            after = " AND (key_hex > :km OR (key_hex = :km AND upload_id > :um))";
        }
        return database.jdbi().withHandle(h -> {
            Query q = h.createQuery("SELECT " + UPLOAD_COLUMNS + " FROM multipart_uploads WHERE bucket = :b AND key_hex"
                            + " LIKE :p" + after + " ORDER BY key_hex, upload_id LIMIT :l")
                    .bind("b", bucket)
                    .bind("p", ObjectRows.hex(prefix) + "%")
                    .bind("l", limit);
            keyMarker.ifPresent(k -> q.bind("km", ObjectRows.hex(k)));
            uploadIdMarker.ifPresent(u -> q.bind("um", u));
            return q.map((rs, ctx) -> upload(rs)).list();
        });
    }

    /** Ids of uploads initiated before {@code cutoff}, oldest first, at most {@code limit}. */
    List<String> initiatedBefore(Instant cutoff, int limit) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT upload_id FROM multipart_uploads WHERE initiated < :c"
                                + " ORDER BY initiated LIMIT :l")
                        .bind("c", cutoff.toEpochMilli())
                        .bind("l", limit)
                        .mapTo(String.class)
                        .list());
    }

    Set<String> referencedFiles() {
        return new HashSet<>(database.jdbi()
                .withHandle(h -> h.createQuery("SELECT file_name FROM multipart_parts")
                        .mapTo(String.class)
                        .list()));
    }

    private static MultipartUpload upload(ResultSet rs) throws SQLException {
        String algorithm = rs.getString("checksum_algorithm");
        String type = rs.getString("checksum_type");
        return new MultipartUpload(
                rs.getString("upload_id"),
                rs.getString("bucket"),
                rs.getString("object_key"),
                new ObjectAttributes(rs.getString("content_type"), ObjectRows.metadata(rs.getString("metadata"))),
                Optional.ofNullable(algorithm).map(ChecksumAlgorithm::valueOf),
                Optional.ofNullable(type).map(ChecksumType::valueOf),
                Instant.ofEpochMilli(rs.getLong("initiated")));
    }

    private static PartRow part(ResultSet rs) throws SQLException {
        String algorithm = rs.getString("checksum_algorithm");
        return new PartRow(
                new UploadedPart(
                        rs.getInt("part_number"),
                        rs.getLong("size"),
                        rs.getString("etag"),
                        Optional.ofNullable(algorithm).map(ChecksumAlgorithm::valueOf),
                        Optional.ofNullable(rs.getString("checksum_value")),
                        Instant.ofEpochMilli(rs.getLong("last_modified"))),
                rs.getString("file_name"));
    }
}
