package dev.signet.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The relational store: SQLite (embedded default, WAL) or PostgreSQL (cluster), migrated by Flyway
 * from {@code db/migration} on open. All SQL written against it must run on both.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;

    /** Which database engine is underneath, for the rare statement that must differ. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens (creating if needed) the SQLite database file in WAL mode. */
    public static Database sqlite(Path file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
        // SQLite allows one writer; a single connection serialises writes without SQLITE_BUSY.
        config.setMaximumPoolSize(1);
        config.addDataSourceProperty("journal_mode", "WAL");
        // FULL: a commit is fsynced before it returns (NORMAL in WAL mode may lose the last commits on
        // power loss), so a signature recorded is a signature kept; GroupCommit shares the fsync
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.setPoolName("signet-sqlite");
        return new Database(new HikariDataSource(config), Dialect.SQLITE);
    }

    /** Opens a PostgreSQL database through {@code jdbcUrl}. */
    public static Database postgres(String jdbcUrl, String user, String password) {
        return postgres(jdbcUrl, user, password, DatabaseSettings.DEFAULT_POOL_SIZE);
    }

    /** Opens a PostgreSQL database through {@code jdbcUrl}, holding at most {@code poolSize} connections. */
    public static Database postgres(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("signet-postgres");
        return new Database(new HikariDataSource(config), Dialect.POSTGRESQL);
    }

    /**
     * Runs {@code action} while no other process of this database runs an action under the same
     * {@code lock}: on PostgreSQL under a transaction-scoped advisory lock held by a connection of its
     * own, outside the pool (released when that transaction ends, also when the process dies), so two nodes starting
     * against one empty database create one CA and one admin, and the second reads what the first
     * made. {@code action} works on its own connections and commits what it writes before the lock
     * is released. On SQLite, whose database belongs to one process, it only excludes the other
     * threads of this process.
     *
     * @throws StoreException when the lock cannot be taken
     */
    public <T> T exclusively(ClusterLock lock, Supplier<T> action) {
        if (dialect == Dialect.SQLITE) {
            synchronized (lock) {
                return action.get();
            }
        }
        // a connection outside the pool: the action needs the pool's, however small it is
        try (Connection connection = DriverManager.getConnection(
                dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword())) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    statement.setLong(1, lock.key());
                    statement.execute();
                }
                T result = action.get();
                connection.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot take the database lock " + lock, e);
        }
    }

    /** The advisory locks Signet takes, each with a fixed 64-bit key of its own. */
    public enum ClusterLock {
        /** Creating the CA, the time-stamp authority and the admin principal on first start. */
        BOOTSTRAP(0x5349474e45540001L);

        private final long key;

        ClusterLock(long key) {
            this.key = key;
        }

        long key() {
            return key;
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
