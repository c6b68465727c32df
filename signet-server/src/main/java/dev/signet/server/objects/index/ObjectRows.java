package dev.signet.server.objects.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.objects.ObjectAttributes;
import dev.signet.server.objects.ObjectInfo;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import dev.signet.server.objects.checksum.ObjectChecksum;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.statement.SqlStatement;

/** How an object version is laid out in {@code object_versions}: the columns, reading and binding. */
final class ObjectRows {
    static final String COLUMNS = "bucket, key_hex, object_key, version_id, seq, latest, delete_marker,"
            + " size, etag, content_type, file_name, last_modified, checksum_algorithm, checksum_type,"
            + " checksum_value, metadata, part_count";
    static final String VALUES = ":bucket, :keyHex, :key, :version, :seq, 1, :marker, :size, :etag, :type, :file,"
            + " :modified, :checksumAlgorithm, :checksumType, :checksumValue, :metadata, :partCount";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};

    private ObjectRows() {}

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
            ObjectAttributes attributes,
            Optional<ObjectChecksum> checksum,
            int partCount,
            Optional<String> fileName,
            Instant lastModified) {
        Row {
            Objects.requireNonNull(attributes, "attributes");
            Objects.requireNonNull(checksum, "checksum");
            Objects.requireNonNull(fileName, "fileName");
        }

        /** A delete marker: no content, no attributes. */
        static Row marker(String bucket, String key, String versionId, Instant at) {
            return new Row(
                    bucket,
                    key,
                    versionId,
                    0,
                    true,
                    true,
                    0,
                    "",
                    new ObjectAttributes("", Map.of()),
                    Optional.empty(),
                    0,
                    Optional.empty(),
                    at);
        }

        ObjectInfo info() {
            return new ObjectInfo(
                    bucket,
                    key,
                    versionId,
                    size,
                    etag,
                    attributes.contentType(),
                    lastModified,
                    latest,
                    attributes.metadata(),
                    checksum,
                    partCount);
        }
    }

    static Row read(ResultSet rs) throws SQLException {
        String algorithm = rs.getString("checksum_algorithm");
        Optional<ObjectChecksum> checksum = algorithm == null
                ? Optional.empty()
                : Optional.of(new ObjectChecksum(
                        ChecksumAlgorithm.valueOf(algorithm),
                        ChecksumType.valueOf(rs.getString("checksum_type")),
                        rs.getString("checksum_value")));
        return new Row(
                rs.getString("bucket"),
                rs.getString("object_key"),
                rs.getString("version_id"),
                rs.getLong("seq"),
                rs.getInt("latest") == 1,
                rs.getInt("delete_marker") == 1,
                rs.getLong("size"),
                rs.getString("etag"),
                new ObjectAttributes(rs.getString("content_type"), metadata(rs.getString("metadata"))),
                checksum,
                rs.getInt("part_count"),
                Optional.ofNullable(rs.getString("file_name")),
                Instant.ofEpochMilli(rs.getLong("last_modified")));
    }

    /** Binds every column of {@link #VALUES} but {@code seq}. */
    static <S extends SqlStatement<S>> S bind(S statement, Row row) {
        return statement
                .bind("bucket", row.bucket())
                .bind("keyHex", ObjectRows.hex(row.key()))
                .bind("key", row.key())
                .bind("version", row.versionId())
                .bind("marker", row.deleteMarker() ? 1 : 0)
                .bind("size", row.size())
                .bind("etag", row.etag())
                .bind("type", row.attributes().contentType())
                .bind("file", row.fileName().orElse(null))
                .bind("modified", row.lastModified().toEpochMilli())
                .bind(
                        "checksumAlgorithm",
                        row.checksum().map(c -> c.algorithm().name()).orElse(null))
                .bind("checksumType", row.checksum().map(c -> c.type().name()).orElse(null))
                .bind("checksumValue", row.checksum().map(ObjectChecksum::value).orElse(null))
                .bind("metadata", metadataJson(row.attributes().metadata()))
                .bind("partCount", row.partCount() == 0 ? null : row.partCount());
    }

    /** User metadata as a JSON object; null for none (rows written before V9 hold null too). */
    static String metadataJson(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(new TreeMap<>(metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("metadata not serialisable", e);
        }
    }

    static Map<String, String> metadata(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("object_versions.metadata is not a JSON object of strings", e);
        }
    }

    /** The hex of the key's UTF-8 bytes: sorts in byte order and prefix-matches under any collation. */
    static String hex(String key) {
        return java.util.HexFormat.of().formatHex(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
