package dev.signet.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A consistent copy of a SQLite database that a running server may be writing: {@code VACUUM INTO}
 * reads the database in one read transaction (the WAL included) and writes a new, compact database
 * file, so the copy holds exactly the commits made before it started. Copying {@code signet.db}
 * with its {@code -wal} as files is not consistent.
 */
public final class SqliteSnapshot {
    private SqliteSnapshot() {}

    /**
     * Copies the database {@code database} into the new file {@code target} (which must not exist).
     *
     * @throws IOException when the database cannot be read or the copy written
     */
    public static void take(Path database, Path target) throws IOException {
        if (!Files.isRegularFile(database)) {
            throw new IOException("the database " + database + " does not exist");
        }
        Properties properties = new Properties();
        // a server committing meanwhile holds the write lock for milliseconds; the read waits for it
        properties.setProperty("busy_timeout", "30000");
        try (Connection connection =
                        DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), properties);
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new IOException("cannot copy the database " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * The keys the database {@code snapshot} names that are not in the software backend (PKCS#11
     * keys, by URI): profile versions' and imported certificates' keys. They are not in a backup.
     */
    public static List<String> keysOutsideSoftware(Path snapshot) throws IOException {
        List<String> keys = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + snapshot.toAbsolutePath());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT key_backend, key_id FROM signing_profile_version"
                        + " WHERE key_backend <> 'software' UNION SELECT key_backend, key_id"
                        + " FROM imported_certificate WHERE key_backend <> 'software' ORDER BY 1, 2")) {
            while (rows.next()) {
                keys.add(rows.getString(1) + ":" + rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IOException("cannot read the database copy " + snapshot + ": " + e.getMessage(), e);
        }
        return keys;
    }
}
