package dev.signet.server;

import dev.signet.core.ca.CertificateAuthority;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.core.platform.PlatformRegistry;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.core.tsa.TimestampAuthority;
import dev.signet.server.http.AwsProtocolService;
import dev.signet.server.http.Dispatcher;
import dev.signet.server.http.HttpServer;
import dev.signet.server.http.NativeRoutes;
import dev.signet.server.http.auth.ResolvedAccessKey;
import dev.signet.server.http.auth.SigV4Verifier;
import dev.signet.server.objects.FilesystemObjectStore;
import dev.signet.server.objects.UploadSweeper;
import dev.signet.server.service.Arns;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.principals.IssuedAccessKey;
import dev.signet.server.store.Database;
import dev.signet.server.store.JdbcPrincipalRepository;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
 * every API on one endpoint until closed. {@link #close} is idempotent: it stops accepting, lets
 * in-flight requests finish, closes the services, then the database.
 */
public final class SignetServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignetServer.class);

    private final ServerContext context;
    private final List<AwsProtocolService> services;
    private final HttpServer http;
    private final UploadSweeper sweeper;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SignetServer(
            ServerContext context, List<AwsProtocolService> services, HttpServer http, UploadSweeper sweeper) {
        this.context = context;
        this.services = services;
        this.http = http;
        this.sweeper = sweeper;
    }

    public static SignetServer start(ServerConfig config, List<Function<ServerContext, AwsProtocolService>> services) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(services, "services");
        Path dir = config.dataDir().toAbsolutePath();
        Clock clock = config.clock();
        Arns arns = Arns.defaults();
        MasterKey masterKey;
        SoftwareKeyBackend keys;
        CertificateAuthority ca;
        try {
            DataDirectory.prepare(dir);
            masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"));
            keys = new SoftwareKeyBackend(masterKey, dir.resolve("keys"));
            ca = CertificateAuthority.openOrCreate(dir.resolve("ca"), keys, "Signet");
        } catch (SignetServerException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new SignetServerException("Cannot prepare the data directory " + dir + ": " + e.getMessage(), e);
        }
        Database database = Database.sqlite(dir.resolve(DataDirectory.DATABASE));
        List<AwsProtocolService> started = new ArrayList<>();
        UploadSweeper sweeper = null;
        try {
            FilesystemObjectStore objects = FilesystemObjectStore.open(dir.resolve("objects"), database, clock);
            sweeper = UploadSweeper.start(objects.multipart(), config.abandonedUploadAge(), clock);
            AccessKeys accessKeys = new AccessKeys(new JdbcPrincipalRepository(database), masterKey, arns, clock);
            bootstrapCredentials(dir, accessKeys, arns);
            ServerContext context = new ServerContext(
                    dir, database, objects, keys, ca, PlatformRegistry.builtIn(), arns, clock, config.crlUrl());
            TimestampAuthority tsa = Timestamping.authority(context);
            for (Function<ServerContext, AwsProtocolService> factory : services) {
                started.add(factory.apply(context));
            }
            SigV4Verifier verifier = new SigV4Verifier(
                    id -> accessKeys.resolve(id).map(k -> new ResolvedAccessKey(k.caller(), k.secretAccessKey())),
                    arns.region(),
                    Clock.systemUTC());
            NativeRoutes publicRoutes = new NativeRoutes(ca, tsa);
            publicRoutes.add("GET", "/v1/openpgp-key", NativeRoutes.openPgpKeys(context));
            publicRoutes.add("GET", "/v1/revocation-list", NativeRoutes.revocationList(context));
            publicRoutes.add("GET", "/v1/ca/issuing.crl", NativeRoutes.crl(context));
            Dispatcher dispatcher = new Dispatcher(started, verifier, publicRoutes);
            HttpServer http = HttpServer.start(
                    config.host(), config.endpointHost(), config.port(), config.idleTimeout(), dispatcher);
            SignetServer server = new SignetServer(context, List.copyOf(started), http, sweeper);
            LOG.info("Crypto: {}", CryptoProviders.describe());
            LOG.info("Data directory {}", dir);
            // one line, so a reader that sees it has both URLs
            String line = "Signet listening on " + http.listening()
                    + (http.endpoint().equals(http.listening()) ? "" : ", endpoint " + http.endpoint());
            LOG.info(line);
            System.out.println(line);
            System.out.flush();
            return server;
        } catch (IOException | RuntimeException e) {
            started.forEach(SignetServer::closeQuietly);
            if (sweeper != null) {
                sweeper.close();
            }
            database.close();
            if (e instanceof SignetServerException se) {
                throw se;
            }
            throw new SignetServerException("Cannot start Signet: " + e.getMessage(), e);
        }
    }

    /**
     * Creates the admin principal and writes {@code credentials} on first start. The file is written
     * before the key is committed, so a crash in between leaves a file whose key is simply replaced
     * on the next start, never a key nobody can read.
     */
    private static void bootstrapCredentials(Path dir, AccessKeys accessKeys, Arns arns) throws IOException {
        Path file = dir.resolve(CredentialsFile.BOOTSTRAP_FILE);
        Optional<IssuedAccessKey> issued = accessKeys.bootstrapAdmin(key -> {
            try {
                CredentialsFile.writeAccessKey(
                        file,
                        CredentialsFile.BOOTSTRAP_PROFILE,
                        new AccessKey(key.accessKeyId(), key.secretAccessKey()),
                        arns.region());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        if (issued.isPresent()) {
            LOG.info(
                    "Created the admin access key {}; credentials written to {}",
                    issued.get().accessKeyId(),
                    file);
        } else if (!Files.exists(file)) {
            LOG.warn("{} is missing; the admin access key exists but its secret is not kept in clear anywhere", file);
        }
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

    public ServerContext context() {
        return context;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop();
        services.forEach(SignetServer::closeQuietly);
        sweeper.close();
        context.database().close();
        LOG.info("Signet stopped");
    }

    private static void closeQuietly(AwsProtocolService service) {
        try {
            service.close();
        } catch (RuntimeException e) {
            LOG.warn("Service {} did not close cleanly", service.signingName(), e);
        }
    }
}
