package dev.signet.server.store;

import dev.signet.core.crypto.KeyMaterialStore;
import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * Key material in the shared database (table {@code key_material}, V11): what a single node keeps
 * in {@code keys/}, {@code ca/} and {@code tsa/}, for the nodes of a cluster, so they all open the
 * same CA, time-stamp authority and sealed keys. Entries are written with one upsert (atomic: a
 * reader sees a whole entry); private keys arrive here already sealed under the master key. A
 * database failure is an {@link IOException}, as a file system's would be.
 */
public final class JdbiKeyMaterialStore implements KeyMaterialStore {
    private final Database database;
    private final String folder;
    private final Clock clock;

    /** The root of the database's key material; use {@link #folder} for {@code keys}, {@code ca}, {@code tsa}. */
    public JdbiKeyMaterialStore(Database database, Clock clock) {
        this(database, "", clock);
    }

    private JdbiKeyMaterialStore(Database database, String folder, Clock clock) {
        this.database = Objects.requireNonNull(database, "database");
        this.folder = folder;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        String key = folder + KeyMaterialStore.requireName(name);
        try {
            return database.jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT content FROM key_material WHERE name = :name")
                            .bind("name", key)
                            .mapTo(String.class)
                            .findOne())
                    .map(Base64.getDecoder()::decode);
        } catch (JdbiException e) {
            throw new IOException("cannot read key material " + key + " from the database", e);
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        String key = folder + KeyMaterialStore.requireName(name);
        Objects.requireNonNull(content, "content");
        try {
            database.jdbi()
                    .useHandle(handle -> handle.createUpdate(
                                    "INSERT INTO key_material (name, content, updated_at) VALUES (:name, :content, :at)"
                                            + " ON CONFLICT (name) DO UPDATE SET content = excluded.content,"
                                            + " updated_at = excluded.updated_at")
                            .bind("name", key)
                            .bind("content", Base64.getEncoder().encodeToString(content))
                            .bind("at", clock.millis())
                            .execute());
        } catch (JdbiException e) {
            throw new IOException("cannot write key material " + key + " to the database", e);
        }
    }

    @Override
    public List<String> names() throws IOException {
        try {
            return database
                    .jdbi()
                    .withHandle(handle -> handle.createQuery("SELECT name FROM key_material"
                                    + " WHERE substr(name, 1, :length) = :folder ORDER BY name")
                            .bind("length", folder.length())
                            .bind("folder", folder)
                            .mapTo(String.class)
                            .list())
                    .stream()
                    .map(n -> n.substring(folder.length()))
                    .filter(n -> !n.isEmpty() && n.indexOf('/') < 0)
                    .toList();
        } catch (JdbiException e) {
            throw new IOException("cannot list key material " + folder + " in the database", e);
        }
    }

    @Override
    public KeyMaterialStore folder(String name) {
        return new JdbiKeyMaterialStore(database, folder + KeyMaterialStore.requireName(name) + "/", clock);
    }

    @Override
    public String describe() {
        return "the database's key material" + (folder.isEmpty() ? "" : " " + folder);
    }
}
