package dev.signet.server.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which database a server opens. No URL: SQLite in the data directory (the embedded default). A
 * {@code jdbc:sqlite:FILE} URL: SQLite at that file. A {@code jdbc:postgresql://} URL: PostgreSQL,
 * with {@code user} and the password read from {@code passwordFile} (its first line) at start-up.
 *
 * @param url the JDBC URL, if not the data directory's SQLite file
 * @param user the PostgreSQL user
 * @param passwordFile the file holding the PostgreSQL password
 * @param poolSize the most connections a node holds open (PostgreSQL; SQLite always uses one)
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<Path> passwordFile, int poolSize) {
    /** Connections per node unless configured otherwise. */
    public static final int DEFAULT_POOL_SIZE = 16;

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(passwordFile, "passwordFile");
        url.ifPresent(u -> {
            if (!u.startsWith("jdbc:sqlite:") && !u.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("url must be jdbc:sqlite:FILE or jdbc:postgresql://...");
            }
        });
        if (poolSize < 1 || poolSize > 1000) {
            throw new IllegalArgumentException("poolSize must be 1..1000");
        }
    }

    /** SQLite in the data directory. */
    public static DatabaseSettings embedded() {
        return new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE);
    }

    /** Whether this is a PostgreSQL database. */
    public boolean postgres() {
        return url.filter(u -> u.startsWith("jdbc:postgresql:")).isPresent();
    }
}
