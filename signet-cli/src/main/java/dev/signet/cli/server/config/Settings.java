package dev.signet.cli.server.config;

import dev.signet.server.Deployment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of {@code signet server}, in the order the reference and {@code --print-config} list
 * them. A setting is added here and nowhere else: its flag and environment variable follow from its
 * path ({@link Setting}).
 */
public final class Settings {
    /** The environment variable naming the YAML file (as {@code --config} does). */
    public static final String CONFIG_ENV = "SIGNET_CONFIG";

    /**
     * {@code SIGNET_*} variables that are not settings but are read elsewhere (the launcher, client
     * commands, the data directory's older name); every other {@code SIGNET_*} variable that names
     * no setting is refused, so a misspelt one cannot go unnoticed.
     */
    public static final Set<String> OTHER_VARIABLES = Set.of(
            CONFIG_ENV,
            "SIGNET_HOME",
            "SIGNET_JAVA_OPTS",
            "SIGNET_LAUNCH_DRY_RUN",
            "SIGNET_REGISTRY_USER",
            "SIGNET_REGISTRY_PASSWORD");

    /** Every setting, by path, in reference order. */
    public static final Map<String, Setting> ALL = index(List.of(
            setting("listen", Checks.listen(), "127.0.0.1:8080", "address and port to listen on; 0 picks a free port"),
            setting("public-url", Checks.baseUrl(), null, "URL clients use (announced, written to DATA/endpoint)"),
            setting(
                    "allow-plaintext",
                    Checks.bool(),
                    "false",
                    "allow plain HTTP on a non-loopback listen address (logs a warning)"),
            setting("tls.certificate", Checks.file(), null, "PEM certificate chain, server certificate first"),
            setting("tls.key", Checks.file(), null, "PEM private key of tls.certificate"),
            secret("tls.key-passphrase-file", "file holding the passphrase of an encrypted tls.key"),
            setting("tls.client-ca", Checks.file(), null, "PEM CA certificates; clients must present one they issued"),
            setting(
                    "tls.reload-interval",
                    Checks.duration(Duration.ofSeconds(1), Duration.ofHours(1)),
                    "10s",
                    "how often tls.certificate and tls.key are checked for changes"),
            setting(
                    "region",
                    Checks.matching(Deployment.REGION, "a region name like us-east-1"),
                    "us-east-1",
                    "region in ARNs and in the SigV4 scope clients sign with"),
            setting(
                    "account-id",
                    Checks.matching(Deployment.ACCOUNT_ID, "12 digits"),
                    "000000000000",
                    "account id in ARNs"),
            setting(
                    "database.url",
                    Checks.jdbcUrl(),
                    null,
                    "jdbc:sqlite:FILE or jdbc:postgresql://host[:port]/db; unset: SQLite in data-dir"),
            setting("database.user", Checks.text(), null, "PostgreSQL user"),
            secret("database.password-file", "file holding the PostgreSQL password"),
            setting(
                    "database.pool-size",
                    Checks.integer(1, 1000),
                    "16",
                    "most PostgreSQL connections a node holds open"),
            setting("objects.type", Checks.oneOf("filesystem", "s3"), "filesystem", "where object content lives"),
            setting("objects.endpoint", Checks.baseUrl(), null, "S3 endpoint URL; unset: AWS's for objects.region"),
            setting("objects.region", Checks.text(), null, "S3 region; unset: the AWS SDK's default chain"),
            setting("objects.bucket", Checks.bucket(), null, "S3 bucket (required with objects.type s3)"),
            setting("objects.prefix", Checks.text(), null, "key prefix under which Signet writes in the bucket"),
            setting("objects.path-style", Checks.bool(), "false", "path-style S3 requests (endpoint/bucket/key)"),
            setting(
                    "objects.access-key-id",
                    Checks.text(),
                    null,
                    "S3 access key id; unset: the AWS SDK's default credentials chain"),
            secret("objects.secret-access-key-file", "file holding the S3 secret access key"),
            secret("master-key.file", "the 32-byte master key; unset: DATA/master.key, created on first start"),
            setting(
                    "keys.new-profile-keys",
                    Checks.oneOf("software", "pkcs11"),
                    "software",
                    "the key backend that generates the keys of new profile versions"),
            setting(
                    "keys.new-ca-keys",
                    Checks.oneOf("software", "pkcs11"),
                    "software",
                    "the key backend that generates the CA's and the TSA's keys (first start, CA renewal)"),
            setting("keys.pkcs11.module", Checks.file(), null, "PKCS#11 module (shared library) of the token"),
            setting(
                    "keys.pkcs11.token-label",
                    Checks.text(),
                    null,
                    "label of the PKCS#11 token (names its slot and the keys' pkcs11: URIs)"),
            secret("keys.pkcs11.pin-file", "file holding the token's user PIN"),
            setting(
                    "keys.pkcs11.pin-env",
                    Checks.matching(java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*"), "a variable name"),
                    null,
                    "name of the environment variable holding the token's user PIN (instead of pin-file)"),
            setting(
                    "keys.pkcs11.sessions",
                    Checks.integer(1, 256),
                    "8",
                    "most signatures running on the token at once"),
            setting("data-dir", Checks.directory(), "signet-data", "local state: keys, CA, SQLite, objects"),
            setting("log.format", Checks.oneOf("text", "json"), "text", "log lines on stderr: text or JSON lines"),
            setting(
                    "abandoned-upload-age",
                    Checks.duration(Duration.ofSeconds(1), Duration.ofDays(36500)),
                    "7d",
                    "abort S3 multipart uploads left unfinished this long"),
            setting(
                    "idle-timeout",
                    Checks.duration(Duration.ofMillis(100), Duration.ofHours(1)),
                    "30s",
                    "how long a request may go without a byte moving"),
            setting(
                    "jobs.lease",
                    Checks.duration(Duration.ofSeconds(1), Duration.ofHours(1)),
                    "60s",
                    "how long a node's claim on a signing job holds without a heartbeat before another node takes it over"),
            setting(
                    "cache.staleness",
                    Checks.duration(Duration.ZERO, Duration.ofMinutes(5)),
                    "30s",
                    "how long a node may serve a cached profile or access key before reading it again"),
            setting(
                    "crl-url",
                    Checks.httpUrl(),
                    null,
                    "http:// URL of GET /v1/ca/issuing.crl named in new portable Notation certificates")));

    private Settings() {}

    /** The setting whose environment variable is {@code name}. */
    public static Optional<Setting> byEnv(String name) {
        return ALL.values().stream().filter(s -> s.env().equals(name)).findFirst();
    }

    private static Setting setting(String path, Check check, String defaultValue, String description) {
        return new Setting(path, check, Optional.ofNullable(defaultValue), false, description);
    }

    private static Setting secret(String path, String description) {
        return new Setting(path, Checks.file(), Optional.empty(), true, description);
    }

    private static Map<String, Setting> index(List<Setting> settings) {
        Map<String, Setting> byPath = new LinkedHashMap<>();
        Map<String, String> byDerived = new LinkedHashMap<>();
        for (Setting s : settings) {
            if (byPath.put(s.path(), s) != null || byDerived.put(s.env(), s.path()) != null) {
                throw new IllegalStateException("two settings spelled alike: " + s.path());
            }
        }
        return java.util.Collections.unmodifiableMap(byPath);
    }
}
