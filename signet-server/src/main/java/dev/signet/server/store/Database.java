package dev.signet.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
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
