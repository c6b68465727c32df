package dev.signet.server;

import dev.signet.core.crypto.MasterKey;
import dev.signet.core.files.SecureFiles;
import dev.signet.server.store.Database;
import dev.signet.server.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;

/**
 * The nodes of a test cluster: one new embedded PostgreSQL database they all share, and one master
 * key every node's data directory gets a copy of ({@code master-key.file} in a real deployment).
 */
final class ClusterNodes {
    private final Path root;
    private final String url;
    private final Path masterKey;

    ClusterNodes(Path root) {
        this.root = root;
        this.url = TestDatabase.newPostgresUrl();
        try {
            Path keys = SecureFiles.createPrivateDirectories(root.resolve("shared"));
            this.masterKey = keys.resolve("master.key");
            MasterKey.loadOrCreate(masterKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How each node opens the shared database. */
    Function<Path, Database> database() {
        return dir -> Database.postgres(url, TestDatabase.USER, TestDatabase.USER);
    }

    /** A new data directory for node {@code name}, holding the cluster's master key. */
    Path dataDir(String name) {
        try {
            Path dir = SecureFiles.createPrivateDirectories(root.resolve(name));
            Files.copy(masterKey, dir.resolve("master.key"), StandardCopyOption.COPY_ATTRIBUTES);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration of node {@code name} on any free port. */
    ServerConfig config(String name) {
        return new ServerConfig("127.0.0.1", 0, dataDir(name));
    }
}
