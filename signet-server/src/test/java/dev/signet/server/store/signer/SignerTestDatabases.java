package dev.signet.server.store.signer;

import dev.signet.server.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The databases the signer's store and service tests run on: a fresh SQLite file, and a fresh
 * database in one embedded PostgreSQL shared by the test JVM.
 */
public final class SignerTestDatabases {
    private static EmbeddedPostgres postgres;

    private SignerTestDatabases() {}

    /** Named factories of fresh, migrated databases; a test closes what it opens. */
    public static Stream<Named<Function<Path, Database>>> all() {
        return Stream.of(Named.of("SQLite", SignerTestDatabases::sqlite), Named.of("PostgreSQL", dir -> postgres()));
    }

    public static Database sqlite(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Database.sqlite(dir.resolve("signet-" + UUID.randomUUID() + ".db"));
    }

    public static synchronized Database postgres() {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
            }
            String name = "signer_" + UUID.randomUUID().toString().replace("-", "");
            try (var connection = postgres.getPostgresDatabase().getConnection();
                    var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            return Database.postgres(postgres.getJdbcUrl("postgres", name), "postgres", "postgres");
        } catch (IOException | java.sql.SQLException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }
}
