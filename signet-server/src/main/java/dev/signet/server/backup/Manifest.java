package dev.signet.server.backup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The archive's first entry, {@code SIGNET-BACKUP}: UTF-8 {@code name=value} lines saying what the
 * archive holds. {@code format=1}, {@code created=} (ISO-8601 UTC), {@code database=sqlite} (the
 * database is in the archive) or {@code postgresql} (it is not: pg_dump), {@code
 * objects=filesystem} (the content is in the archive) or {@code s3} (it is in the bucket), and one
 * {@code external-key=URI} per key the database, {@code ca/ca.properties} or {@code
 * tsa/tsa.properties} names that is not a software key (PKCS#11: never exported, so only
 * referenced), sorted.
 *
 * @param externalKeys keys held outside the archive, e.g. {@code pkcs11:token=...;object=...}
 */
public record Manifest(Instant created, DatabaseKind database, ContentKind content, List<String> externalKeys) {
    static final int FORMAT = 1;

    /** Where the deployment's database is, and so whether the archive holds it. */
    public enum DatabaseKind {
        SQLITE,
        POSTGRESQL
    }

    /** Where the deployment's object content is, and so whether the archive holds it. */
    public enum ContentKind {
        FILESYSTEM,
        S3
    }

    public Manifest {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(content, "content");
        externalKeys = List.copyOf(externalKeys);
        for (String key : externalKeys) {
            if (key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a key URI with a line break");
            }
        }
    }

    byte[] encode() {
        StringBuilder text = new StringBuilder()
                .append("format=")
                .append(FORMAT)
                .append('\n')
                .append("created=")
                .append(created)
                .append('\n')
                .append("database=")
                .append(database.name().toLowerCase(Locale.ROOT))
                .append('\n')
                .append("objects=")
                .append(content.name().toLowerCase(Locale.ROOT))
                .append('\n');
        for (String key : externalKeys) {
            text.append("external-key=").append(key).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a manifest.
     *
     * @throws ArchiveException when a line is malformed, a value unknown or a required one missing
     */
    static Manifest decode(byte[] bytes) throws ArchiveException {
        String format = null;
        Instant created = null;
        DatabaseKind database = null;
        ContentKind objects = null;
        List<String> keys = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.indexOf('\r') >= 0) {
                throw malformed("a line without name=value");
            }
            String name = line.substring(0, eq);
            String value = line.substring(eq + 1);
            switch (name) {
                case "format" -> format = value;
                case "created" -> created = instant(value);
                case "database" -> database = value(DatabaseKind.class, value);
                case "objects" -> objects = value(ContentKind.class, value);
                case "external-key" -> keys.add(value);
                default -> throw malformed("an unknown line " + ArchivePaths.printable(name));
            }
        }
        if (!String.valueOf(FORMAT).equals(format)) {
            throw new ArchiveException(
                    "the archive's manifest is of format " + ArchivePaths.printable(Objects.toString(format, "(none)"))
                            + "; this Signet reads format " + FORMAT);
        }
        if (created == null || database == null || objects == null) {
            throw malformed("created, database or objects is missing");
        }
        return new Manifest(created, database, objects, keys);
    }

    private static Instant instant(String value) throws ArchiveException {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw malformed("created is not a time");
        }
    }

    private static <E extends Enum<E>> E value(Class<E> type, String value) throws ArchiveException {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(value)) {
                return constant;
            }
        }
        throw malformed(
                "an unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " " + ArchivePaths.printable(value));
    }

    private static ArchiveException malformed(String why) {
        return new ArchiveException("the archive's manifest is malformed: " + why);
    }
}
