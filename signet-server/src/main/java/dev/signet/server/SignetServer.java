package dev.signet.server;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.server.backup.Manifest;
import dev.signet.server.backup.NodeBackup;
import dev.signet.server.backup.NodeRestore;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.HttpServer;
import dev.signet.server.store.MasterKeyRotation;
import dev.signet.server.tls.TlsContext;
import dev.signet.server.tls.TlsMaterialException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Signet server: bootstraps the data directory on first start (master key, keys, CA,
 * database, object store, bootstrap admin credentials), idempotently on later starts, each start
 * first checking its owner and repairing it to owner-only modes ({@link DataDirectory}), then serves
 * every API on one endpoint until closed. Everything it runs is built by its {@link ServerAssembly}
 * from the {@link ServerConfig}. {@link #close} is idempotent: it stops accepting, lets in-flight
 * requests finish, then closes the assembly (workers, then the database).
 */
public final class SignetServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignetServer.class);

    private final ServerAssembly assembly;
    private final HttpServer http;
    private final Optional<TlsContext> tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SignetServer(ServerAssembly assembly, HttpServer http, Optional<TlsContext> tls) {
        this.assembly = assembly;
        this.http = http;
        this.tls = tls;
    }

    /** What {@link #rotateMasterKey} re-sealed, and where the new master key is. */
    public record MasterKeyRotated(Path keyFile, int keys, int accessKeys, int sessions) {}

    /**
     * Replaces the master key of the deployment {@code config} describes with a new one, re-sealing
     * every software key and stored secret under it (docs/operations.md, "Rotating the master key").
     * Every server of the deployment must be stopped. An interrupted rotation is finished by running
     * this again; until then no server starts.
     *
     * @throws SignetServerException naming what failed
     */
    public static MasterKeyRotated rotateMasterKey(ServerConfig config) {
        Path keyFile = ServerAssembly.masterKeyFile(config, config.dataDir().toAbsolutePath());
        try {
            MasterKeyRotation.Result result = ServerAssembly.rotateMasterKey(config, () -> {});
            return new MasterKeyRotated(keyFile, result.keys(), result.accessKeys(), result.sessions());
        } catch (IOException | RuntimeException e) {
            throw new SignetServerException(
                    "the master key was not rotated: " + e.getMessage()
                            + (Files.exists(MasterKeyRotation.nextFile(keyFile))
                                    ? " (fix the cause and run the rotation again to finish it)"
                                    : ""),
                    e);
        }
    }

    /**
     * What {@link #backup} wrote.
     *
     * @param databaseIncluded whether the database is in the archive (SQLite); on PostgreSQL it is not
     * @param contentIncluded whether the object content is in the archive (filesystem); on S3 it is not
     * @param skipped object files deleted by the server between the database copy and their turn
     * @param externalKeys keys the database and the CA and TSA properties name that are outside the archive (PKCS#11), by URI
     */
    public record BackupWritten(
            Path file,
            long bytes,
            int files,
            int skipped,
            boolean databaseIncluded,
            boolean contentIncluded,
            List<String> externalKeys) {}

    /**
     * What {@link #restore} restored.
     *
     * @param created when the backup was made
     * @param databaseIncluded whether the archive held the database (SQLite); else it is restored with pg_restore
     * @param contentIncluded whether it held the object content (filesystem); else it is in the bucket
     * @param externalKeys keys the database names that were not in the archive (PKCS#11), by URI
     */
    public record Restored(
            Path dataDir,
            int files,
            long bytes,
            Instant created,
            boolean databaseIncluded,
            boolean contentIncluded,
            List<String> externalKeys) {}

    /**
     * Writes one encrypted archive of what the node {@code config} describes needs (docs/operations.md,
     * "Backup and restore") to {@code out}, which must not exist, while its server may be running.
     *
     * @throws SignetServerException naming what failed; nothing is then left at {@code out}
     */
    public static BackupWritten backup(ServerConfig config, Path out, char[] passphrase) {
        try {
            NodeBackup.Written written =
                    NodeBackup.write(ServerAssembly.backupSources(config), out, passphrase, Clock.systemUTC());
            Manifest manifest = written.manifest();
            return new BackupWritten(
                    written.file(),
                    written.bytes(),
                    written.files(),
                    written.skipped(),
                    manifest.database() == Manifest.DatabaseKind.SQLITE,
                    manifest.content() == Manifest.ContentKind.FILESYSTEM,
                    manifest.externalKeys());
        } catch (IOException | RuntimeException e) {
            throw new SignetServerException("no backup was written: " + e.getMessage(), e);
        }
    }

    /**
     * Restores the archive {@code archive} into {@code dataDir}, which must not exist or be empty.
     * Nothing is visible at {@code dataDir} until the whole archive authenticated.
     *
     * @throws SignetServerException naming why the archive or the directory is refused; {@code dataDir}
     *     is then as it was
     */
    public static Restored restore(Path archive, Path dataDir, char[] passphrase) {
        try {
            NodeRestore.Restored restored = NodeRestore.restore(archive, dataDir, passphrase);
            Manifest manifest = restored.manifest();
            return new Restored(
                    restored.dataDir(),
                    restored.files(),
                    restored.bytes(),
                    manifest.created(),
                    manifest.database() == Manifest.DatabaseKind.SQLITE,
                    manifest.content() == Manifest.ContentKind.FILESYSTEM,
                    manifest.externalKeys());
        } catch (IOException | RuntimeException e) {
            throw new SignetServerException("nothing was restored: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a server serving every API (Signer, S3, Lambda's code signing configs, the native API).
     *
     * @throws SignetServerException when the data directory cannot be prepared or the server cannot start
     */
    public static SignetServer start(ServerConfig config) {
        return start(config, ServerAssembly.Apis::all);
    }

    /**
     * Starts a server serving the APIs {@code served} picks from those the assembly built, e.g. a test
     * standing in its own service for one of them. {@link #start(ServerConfig)} serves them all.
     */
    public static SignetServer start(
            ServerConfig config, Function<ServerAssembly.Apis, List<AwsProtocolService>> served) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(served, "served");
        Optional<TlsContext> tls;
        try {
            tls = config.deployment().tls().map(TlsContext::open);
        } catch (TlsMaterialException e) {
            throw new SignetServerException("Cannot start Signet: " + e.getMessage(), e);
        }
        ServerAssembly assembly = ServerAssembly.open(config, served);
        HttpServer http;
        try {
            http = HttpServer.start(
                    config.host(),
                    config.endpointHost(),
                    config.port(),
                    config.idleTimeout(),
                    assembly.dispatcher(),
                    tls,
                    config.deployment().publicUrl());
        } catch (RuntimeException e) {
            assembly.close();
            throw new SignetServerException("Cannot start Signet: " + e.getMessage(), e);
        }
        // certificates replaced on disk are served from the next connection on, without a restart
        tls.ifPresent(TlsContext::startWatching);
        LOG.info("Crypto: {}", CryptoProviders.describe());
        LOG.info("Data directory {}", config.dataDir().toAbsolutePath());
        // one line, so a reader that sees it has both URLs
        String line = "Signet listening on " + http.listening()
                + (http.endpoint().equals(http.listening()) ? "" : ", endpoint " + http.endpoint());
        LOG.info(line);
        System.out.println(line);
        System.out.flush();
        return new SignetServer(assembly, http, tls);
    }

    public int port() {
        return http.port();
    }

    /**
     * {@code http://HOST:PORT}: the configured endpoint host, else the bind address (127.0.0.1 for a
     * wildcard one).
     */
    public URI endpoint() {
        return http.endpoint();
    }

    /** The root certificate of this server's CA (on a cluster, the one every node shares). */
    public java.security.cert.X509Certificate caRoot() {
        return assembly.ca().root();
    }

    /** What this server is made of (its database, object store, CA, time-stamp authority). */
    public ServerAssembly assembly() {
        return assembly;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.info("Stopping: accepting no new connections, finishing the requests in flight (at most 30 s)");
        tls.ifPresent(TlsContext::close);
        http.stop();
        assembly.close();
        LOG.info("Signet stopped");
    }
}
