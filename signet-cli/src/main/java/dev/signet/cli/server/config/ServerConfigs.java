package dev.signet.cli.server.config;

import dev.signet.core.crypto.pkcs11.Pkcs11Settings;
import dev.signet.server.ClusterTimings;
import dev.signet.server.Deployment;
import dev.signet.server.KeySettings;
import dev.signet.server.ServerConfig;
import dev.signet.server.objects.ObjectStoreSettings;
import dev.signet.server.store.DatabaseSettings;
import dev.signet.server.tls.TlsConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Turns an {@link EffectiveConfig} into the server's {@link ServerConfig}, refusing combinations that
 * cannot work, each with one line naming a setting:
 *
 * <ul>
 *   <li>{@code tls.certificate} without {@code tls.key} or the reverse; {@code tls.key-passphrase-file}
 *       or {@code tls.client-ca} without them;
 *   <li>{@code listen} on an address other than loopback without TLS, unless {@code allow-plaintext: true}
 *       (then {@link #plaintextWarning} is logged);
 *   <li>{@code database.user}, {@code database.password-file} or {@code database.pool-size} with SQLite;
 *   <li>{@code objects.type: s3} without {@code objects.bucket}, or with SQLite: S3 holds content that
 *       several nodes share, while a SQLite index is one node's file, so S3 requires PostgreSQL;
 *   <li>{@code objects.*} settings other than {@code objects.type} with the filesystem store;
 *       {@code objects.access-key-id} without {@code objects.secret-access-key-file} or the reverse;
 *   <li>{@code keys.pkcs11.*} without {@code keys.pkcs11.module}, or {@code keys.new-profile-keys: pkcs11}
 *       or {@code keys.new-ca-keys: pkcs11} without it; a module without {@code keys.pkcs11.token-label}, or without exactly one of {@code
 *       keys.pkcs11.pin-file} and {@code keys.pkcs11.pin-env}.
 * </ul>
 */
public final class ServerConfigs {
    private static final List<String> S3_ONLY = List.of(
            "objects.endpoint",
            "objects.region",
            "objects.bucket",
            "objects.prefix",
            "objects.path-style",
            "objects.access-key-id",
            "objects.secret-access-key-file");
    private static final List<String> PKCS11_ONLY =
            List.of("keys.pkcs11.token-label", "keys.pkcs11.pin-file", "keys.pkcs11.pin-env", "keys.pkcs11.sessions");
    private static final List<String> POSTGRES_ONLY =
            List.of("database.user", "database.password-file", "database.pool-size");

    private ServerConfigs() {}

    /**
     * The server configuration, with the data directory as configured and the endpoint host left to the caller.
     *
     * @throws ConfigException when settings contradict each other
     */
    public static ServerConfig serverConfig(EffectiveConfig c) {
        Optional<TlsConfig> tls = tls(c);
        Checks.HostPort listen = Checks.hostPort(c.text("listen").orElseThrow());
        boolean allowPlaintext = c.text("allow-plaintext").orElseThrow().equals("true");
        if (tls.isEmpty() && !allowPlaintext && !Deployment.isLoopback(listen.bindHost())) {
            throw refusal(
                    c,
                    "listen",
                    listen.text() + " is not a loopback address: plain HTTP there needs allow-plaintext: true"
                            + " (access keys travel in every request), or tls.certificate and tls.key");
        }
        DatabaseSettings database = database(c);
        ObjectStoreSettings objects = objects(c, database);
        Deployment deployment = new Deployment(
                c.text("public-url").map(URI::create),
                tls,
                allowPlaintext,
                c.text("region").orElseThrow(),
                c.text("account-id").orElseThrow(),
                database,
                objects,
                c.text("master-key.file").map(Path::of));
        return new ServerConfig(
                listen.bindHost(),
                listen.port(),
                Path.of(c.text("data-dir").orElseThrow()),
                Clock.systemUTC(),
                Optional.empty(),
                Checks.parseDuration(c.text("abandoned-upload-age").orElseThrow()),
                Checks.parseDuration(c.text("idle-timeout").orElseThrow()),
                c.text("crl-url").map(URI::create),
                deployment,
                Optional.empty(),
                new ClusterTimings(
                        Checks.parseDuration(c.text("jobs.lease").orElseThrow()),
                        Checks.parseDuration(c.text("cache.staleness").orElseThrow())),
                keys(c));
    }

    private static KeySettings keys(EffectiveConfig c) {
        String target = c.text("keys.new-profile-keys").orElseThrow();
        String caTarget = c.text("keys.new-ca-keys").orElseThrow();
        Optional<String> module = c.text("keys.pkcs11.module");
        if (module.isEmpty()) {
            for (String path : PKCS11_ONLY) {
                if (c.given(path)) {
                    throw refusal(c, path, "needs keys.pkcs11.module");
                }
            }
            if (target.equals("pkcs11")) {
                throw refusal(c, "keys.new-profile-keys", "is pkcs11 but keys.pkcs11.module is not set");
            }
            if (caTarget.equals("pkcs11")) {
                throw refusal(c, "keys.new-ca-keys", "is pkcs11 but keys.pkcs11.module is not set");
            }
            return KeySettings.SOFTWARE;
        }
        String label = c.text("keys.pkcs11.token-label")
                .orElseThrow(() -> refusal(c, "keys.pkcs11.module", "needs keys.pkcs11.token-label"));
        Optional<Path> pinFile = c.text("keys.pkcs11.pin-file").map(Path::of);
        Optional<String> pinEnv = c.text("keys.pkcs11.pin-env");
        if (pinFile.isPresent() == pinEnv.isPresent()) {
            throw refusal(
                    c,
                    pinFile.isPresent() ? "keys.pkcs11.pin-env" : "keys.pkcs11.module",
                    "needs the token's PIN from exactly one of keys.pkcs11.pin-file and keys.pkcs11.pin-env");
        }
        Pkcs11Settings settings;
        try {
            settings = new Pkcs11Settings(
                    Path.of(module.get()).toAbsolutePath(),
                    label,
                    Integer.parseInt(c.text("keys.pkcs11.sessions").orElseThrow()));
        } catch (IllegalArgumentException e) {
            throw refusal(c, "keys.pkcs11.token-label", e.getMessage());
        }
        return new KeySettings(Optional.of(settings), pinFile, pinEnv, target, caTarget);
    }

    /** The warning to log when plain HTTP listens beyond loopback because allow-plaintext says so. */
    public static Optional<String> plaintextWarning(ServerConfig config, int port) {
        boolean exposed = config.deployment().tls().isEmpty() && !Deployment.isLoopback(config.host());
        return exposed
                ? Optional.of("allow-plaintext: serving plain HTTP on "
                        + (config.host().contains(":") ? "[" + config.host() + "]" : config.host()) + ":" + port
                        + "; access keys and signed requests cross the network unencrypted")
                : Optional.empty();
    }

    private static Optional<TlsConfig> tls(EffectiveConfig c) {
        Optional<String> cert = c.text("tls.certificate");
        Optional<String> key = c.text("tls.key");
        if (key.isPresent() && cert.isEmpty()) {
            throw refusal(c, "tls.key", "is set but tls.certificate is not; TLS needs both");
        }
        if (cert.isPresent() && key.isEmpty()) {
            throw refusal(c, "tls.certificate", "is set but tls.key is not; TLS needs both");
        }
        if (cert.isEmpty()) {
            for (String path : List.of("tls.key-passphrase-file", "tls.client-ca")) {
                if (c.given(path)) {
                    throw refusal(c, path, "needs tls.certificate and tls.key");
                }
            }
            return Optional.empty();
        }
        return Optional.of(new TlsConfig(
                Path.of(cert.get()),
                Path.of(key.get()),
                c.text("tls.key-passphrase-file").map(Path::of),
                c.text("tls.client-ca").map(Path::of),
                Checks.parseDuration(c.text("tls.reload-interval").orElseThrow())));
    }

    private static DatabaseSettings database(EffectiveConfig c) {
        Optional<String> url = c.text("database.url");
        boolean postgres = url.filter(u -> u.startsWith("jdbc:postgresql:")).isPresent();
        if (!postgres) {
            for (String path : POSTGRES_ONLY) {
                if (c.given(path)) {
                    throw refusal(c, path, "applies to PostgreSQL only (database.url jdbc:postgresql://...)");
                }
            }
        }
        return new DatabaseSettings(
                url,
                c.text("database.user"),
                c.text("database.password-file").map(Path::of),
                Integer.parseInt(c.text("database.pool-size").orElseThrow()));
    }

    private static ObjectStoreSettings objects(EffectiveConfig c, DatabaseSettings database) {
        boolean s3 = c.text("objects.type").orElseThrow().equals("s3");
        if (!s3) {
            for (String path : S3_ONLY) {
                if (c.given(path)) {
                    throw refusal(c, path, "applies to objects.type s3 only");
                }
            }
            return ObjectStoreSettings.filesystem();
        }
        if (!database.postgres()) {
            throw refusal(
                    c,
                    "objects.type",
                    "s3 requires a PostgreSQL database.url: the object index lives in the database, and nodes"
                            + " sharing a bucket must share it");
        }
        if (c.text("objects.bucket").isEmpty()) {
            throw refusal(c, "objects.bucket", "is required when objects.type is s3");
        }
        if (c.given("objects.access-key-id") != c.given("objects.secret-access-key-file")) {
            String missing =
                    c.given("objects.access-key-id") ? "objects.secret-access-key-file" : "objects.access-key-id";
            String present =
                    c.given("objects.access-key-id") ? "objects.access-key-id" : "objects.secret-access-key-file";
            throw refusal(c, present, "needs " + missing + " too (or neither, for the AWS SDK's default chain)");
        }
        return new ObjectStoreSettings(
                ObjectStoreSettings.Type.S3,
                c.text("objects.endpoint").map(URI::create),
                c.text("objects.region"),
                c.text("objects.bucket"),
                c.text("objects.prefix").orElse(""),
                c.text("objects.path-style").orElseThrow().equals("true"),
                c.text("objects.access-key-id"),
                c.text("objects.secret-access-key-file").map(Path::of));
    }

    private static ConfigException refusal(EffectiveConfig c, String path, String problem) {
        return c.get(path)
                .map(v -> ConfigException.of(path, problem, v))
                .orElseGet(() -> new ConfigException(path + ": " + problem));
    }
}
