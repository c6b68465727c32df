package dev.signet.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database engines every repository test runs on. {@link #open()} gives a fresh, migrated,
 * empty database: a new SQLite file in a temp folder, or a new database in the one embedded
 * PostgreSQL this JVM starts (lazily, on first use; stopped at JVM exit).
 *
 * <p>Use with {@code @ParameterizedTest @EnumSource(TestDatabase.class)}, or through
 * {@link TestDatabases} to share one database per engine across a test class.
 */
public enum TestDatabase {
    SQLITE {
        @Override
        public Database open() {
            try {
                Path dir = Files.createTempDirectory("signet-sqlite-");
                dir.toFile().deleteOnExit();
                return Database.sqlite(dir.resolve("test.db"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    POSTGRESQL {
        @Override
        public Database open() {
            return Database.postgres(newPostgresUrl(), USER, USER);
        }
    };

    /** The user (and password) of the embedded PostgreSQL's databases. */
    public static final String USER = "postgres";

    /**
     * The JDBC URL of a new, empty (unmigrated) database in the embedded PostgreSQL, for tests that
     * open it several times, as the nodes of a cluster do ({@code Database.postgres(url, USER, USER)}).
     */
    public static String newPostgresUrl() {
        EmbeddedPostgres pg = EmbeddedPg.instance();
        String name = "signet_test_" + ProcessHandle.current().pid() + "_" + EmbeddedPg.COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return pg.getJdbcUrl(USER, name);
    }

    /**
     * The JDBC URL of a new database of the embedded PostgreSQL that is a copy of the database at
     * {@code url} ({@code CREATE DATABASE ... TEMPLATE}), which nothing may be connected to.
     */
    public static String copyPostgres(String url) {
        EmbeddedPostgres pg = EmbeddedPg.instance();
        String template = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*$", "");
        if (!template.matches("signet_test_[0-9_]+")) {
            throw new IllegalArgumentException("not a test database of the embedded PostgreSQL: " + url);
        }
        String name = "signet_test_" + ProcessHandle.current().pid() + "_" + EmbeddedPg.COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE " + template);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot copy test database " + template + " to " + name, e);
        }
        return pg.getJdbcUrl(USER, name);
    }

    /** A fresh, migrated, empty database of this engine; the caller closes it. */
    public abstract Database open();

    private static final class EmbeddedPg {
        static final AtomicInteger COUNTER = new AtomicInteger();
        private static EmbeddedPostgres instance;

        static synchronized EmbeddedPostgres instance() {
            if (instance == null) {
                try {
                    EmbeddedPostgres started = EmbeddedPostgres.start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            started.close();
                        } catch (IOException ignored) {
                            // the JVM is exiting; the temp cluster is removed by the OS clean-up
                        }
                    }));
                    instance = started;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
                }
            }
            return instance;
        }
    }
}
