package dev.signet.server;

import dev.signet.core.crypto.MasterKey;
import dev.signet.core.files.SecureFiles;
import dev.signet.server.store.DatabaseSettings;
import dev.signet.server.store.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The nodes of a test cluster: one new embedded PostgreSQL database they all share, and one master
 * key file every node is given ({@code master-key.file}).
 */
public final class ClusterNodes {
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

    /** The deployment every node shares: the database and the master key file. */
    Deployment deployment() {
        return postgres(url, masterKey);
    }

    /**
     * The embedded deployment with the embedded PostgreSQL database {@code url} (see {@link
     * TestDatabase#newPostgresUrl}) and the master key file {@code masterKey}.
     */
    public static Deployment postgres(String url, Path masterKey) {
        Deployment embedded = Deployment.embedded();
        return new Deployment(
                embedded.publicUrl(),
                embedded.tls(),
                embedded.allowPlaintext(),
                embedded.region(),
                embedded.accountId(),
                new DatabaseSettings(Optional.of(url), Optional.of(TestDatabase.USER), Optional.empty(), 4),
                embedded.objects(),
                Optional.of(masterKey));
    }

    /** {@code config} as a node of this cluster. */
    ServerConfig join(ServerConfig config) {
        return config.withDeployment(deployment());
    }

    /** A new data directory for node {@code name}. */
    Path dataDir(String name) {
        try {
            return SecureFiles.createPrivateDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A configuration of node {@code name} on any free port. */
    ServerConfig config(String name) {
        return join(new ServerConfig("127.0.0.1", 0, dataDir(name)));
    }
}
