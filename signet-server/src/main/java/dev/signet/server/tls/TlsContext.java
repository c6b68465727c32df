package dev.signet.server.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the server's connector: a Jetty {@link SslContextFactory.Server} built from the
 * PEM files of a {@link TlsConfig}, and the watcher that reloads it when they change (the client
 * CA file too). New
 * connections get the new certificate; connections already open keep theirs. A change that cannot
 * be read (a key written before its certificate, a half-written file) is logged and the previous
 * material kept; the watcher retries at its next check, so replacing both files in either order
 * works.
 */
public final class TlsContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContext.class);

    private final TlsConfig config;
    private final SslContextFactory.Server factory;
    private final char[] storePassword;
    private String loadedFingerprint;
    private ScheduledExecutorService watcher;

    private TlsContext(TlsConfig config, SslContextFactory.Server factory, char[] storePassword, String fingerprint) {
        this.config = config;
        this.factory = factory;
        this.storePassword = storePassword;
        this.loadedFingerprint = fingerprint;
    }

    /**
     * Reads the files and builds the factory (not yet started: the connector starts it).
     *
     * @throws TlsMaterialException when a file cannot be read or the key does not fit the certificate
     */
    public static TlsContext open(TlsConfig config) {
        char[] password = randomPassword();
        String fingerprint = fingerprint(config);
        KeyStore keys = PemKeyStores.serverKeyStore(config, password);
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(keys);
        factory.setKeyStorePassword(new String(password));
        factory.setKeyManagerPassword(new String(password));
        factory.setCertAlias(PemKeyStores.ALIAS);
        config.clientCa().ifPresent(ca -> {
            factory.setTrustStore(PemKeyStores.trustStore(ca));
            factory.setNeedClientAuth(true);
        });
        return new TlsContext(config, factory, password, fingerprint);
    }

    /** The factory the HTTPS connector uses. */
    public SslContextFactory.Server sslContextFactory() {
        return factory;
    }

    /** Starts checking the files every {@link TlsConfig#reloadInterval}; {@link #close} stops it. */
    public synchronized void startWatching() {
        if (watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signet-tls-reload");
            t.setDaemon(true);
            return t;
        });
        long millis = config.reloadInterval().toMillis();
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reloads the certificate and key if their bytes changed since they were last loaded.
     *
     * @return whether new material is now served
     */
    public synchronized boolean reloadIfChanged() {
        String now;
        try {
            now = fingerprint(config);
        } catch (TlsMaterialException e) {
            LOG.warn("TLS files not reloaded: {}", e.getMessage());
            return false;
        }
        if (now.equals(loadedFingerprint)) {
            return false;
        }
        try {
            KeyStore keys = PemKeyStores.serverKeyStore(config, storePassword);
            Optional<KeyStore> clientCas = config.clientCa().map(PemKeyStores::trustStore);
            factory.reload(f -> {
                f.setKeyStore(keys);
                clientCas.ifPresent(f::setTrustStore);
            });
            loadedFingerprint = now;
            LOG.info("TLS certificate reloaded from {}", config.certificate());
            return true;
        } catch (TlsMaterialException e) {
            LOG.warn(
                    "TLS files changed but not reloaded (the previous certificate is still served): {}",
                    e.getMessage());
            return false;
        } catch (Exception e) {
            // SslContextFactory.reload declares Exception; the previous context stays in place
            LOG.warn("TLS reload failed (the previous certificate is still served): {}", e.toString());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    /** SHA-256 over the certificate, key, passphrase and client CA files' bytes: what a reload compares. */
    private static String fingerprint(TlsConfig config) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>(List.of(config.certificate(), config.key()));
            config.keyPassphraseFile().ifPresent(files::add);
            config.clientCa().ifPresent(files::add);
            for (Path file : files) {
                digest.update(Files.readAllBytes(file));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The in-memory key store's password: never written anywhere, different in every run. */
    private static char[] randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        char[] password = HexFormat.of().formatHex(bytes).toCharArray();
        Arrays.fill(bytes, (byte) 0);
        return password;
    }
}
