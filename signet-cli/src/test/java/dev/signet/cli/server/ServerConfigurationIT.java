package dev.signet.cli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.ExitCode;
import dev.signet.cli.testing.ServerProcess;
import dev.signet.core.testing.Processes;
import dev.signet.core.testing.TlsTestCa;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code java -jar signet.jar server} with a YAML file, {@code SIGNET_*} variables and flags, as a
 * real process: every broken configuration is refused before anything starts (no data directory
 * created) with exactly one line on stderr naming the setting and exit code 2; a good one prints
 * with {@code --print-config} (sources, secrets not shown) and serves as configured (TLS, public URL,
 * JSON logs, plain HTTP beyond loopback only when allowed, with a warning).
 */
class ServerConfigurationIT {
    private static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    /**
     * A broken configuration: {@code yaml} (null: no file) given with {@code --config}, the
     * environment, extra arguments, and the one line expected on stderr ({FILE}: the YAML file,
     * {DIR}: the working directory).
     */
    record Broken(String name, String yaml, Map<String, String> env, List<String> args, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Broken> broken() {
        String ls = "plain HTTP there needs allow-plaintext: true (access keys travel in every request),"
                + " or tls.certificate and tls.key";
        return Stream.of(
                yaml(
                        "unknown top-level key",
                        "databse:\n  url: jdbc:sqlite:x.db\n",
                        "databse: unknown setting in {FILE}"),
                yaml(
                        "unknown nested key",
                        "database:\n  uri: jdbc:sqlite:x.db\n",
                        "database.uri: unknown setting in {FILE}"),
                yaml(
                        "not a number",
                        "database:\n  pool-size: many\n",
                        "database.pool-size: must be a whole number from 1 to 1000, got 'many' (file {FILE})"),
                yaml(
                        "not a boolean",
                        "allow-plaintext: maybe\n",
                        "allow-plaintext: must be true|false, got 'maybe' (file {FILE})"),
                yaml(
                        "mapping for a value",
                        "listen:\n  host: 0.0.0.0\n",
                        "listen: must be a value (host:port ([v6]:port)), not a mapping (file {FILE})"),
                yaml(
                        "list for a value",
                        "region: [us-east-1]\n",
                        "region: must be a value (a region name like us-east-1), not a list (file {FILE})"),
                yaml(
                        "value for a section",
                        "tls: on\n",
                        "tls: is a section (its keys are tls.certificate, tls.key, tls.key-passphrase-file,"
                                + " tls.client-ca, tls.reload-interval), not a value (file {FILE})"),
                yaml("empty value", "region:\n", "region: has no value (file {FILE}); remove the key for the default"),
                yaml(
                        "not YAML",
                        "listen: [unclosed\n",
                        "config: {FILE} is not valid YAML at line 1, column 18: while parsing a flow sequence"),
                yaml(
                        "a key twice",
                        "region: us-east-1\nregion: eu-west-1\n",
                        "config: {FILE} is not valid YAML at line 2, column 7: Duplicate field 'region'"),
                yaml(
                        "not a mapping",
                        "- listen\n- region\n",
                        "config: {FILE} must be a mapping of settings (key: value)"),
                yaml(
                        "missing certificate file",
                        "tls:\n  certificate: {DIR}/none.pem\n  key: {DIR}/none-key.pem\n",
                        "tls.certificate: no such file {DIR}/none.pem (file {FILE})"),
                yaml(
                        "key without certificate",
                        "tls:\n  key: {DIR}/exists.pem\n",
                        "tls.key: is set but tls.certificate is not; TLS needs both (file {FILE})"),
                yaml(
                        "client CA without TLS",
                        "tls:\n  client-ca: {DIR}/exists.pem\n",
                        "tls.client-ca: needs tls.certificate and tls.key (file {FILE})"),
                yaml(
                        "S3 objects with SQLite",
                        "objects:\n  type: s3\n  bucket: artifacts\n",
                        "objects.type: s3 requires a PostgreSQL database.url: the object index lives in the"
                                + " database, and nodes sharing a bucket must share it (file {FILE})"),
                yaml(
                        "S3 objects without bucket",
                        "database:\n  url: jdbc:postgresql://127.0.0.1:1/signet\nobjects:\n  type: s3\n",
                        "objects.bucket: is required when objects.type is s3"),
                yaml(
                        "S3 setting with filesystem objects",
                        "objects:\n  bucket: artifacts\n",
                        "objects.bucket: applies to objects.type s3 only (file {FILE})"),
                yaml(
                        "PostgreSQL setting with SQLite",
                        "database:\n  user: signet\n",
                        "database.user: applies to PostgreSQL only (database.url jdbc:postgresql://...) (file {FILE})"),
                yaml(
                        "plain HTTP on every interface",
                        "listen: 0.0.0.0:0\n",
                        "listen: 0.0.0.0:0 is not a loopback address: " + ls + " (file {FILE})"),
                new Broken(
                        "plain HTTP on every IPv6 interface",
                        null,
                        Map.of("SIGNET_LISTEN", "[::]:0"),
                        List.of(),
                        "listen: [::]:0 is not a loopback address: " + ls + " (env SIGNET_LISTEN)"),
                new Broken(
                        "misspelt variable",
                        null,
                        Map.of("SIGNET_DATABSE_URL", "jdbc:sqlite:x.db"),
                        List.of(),
                        "SIGNET_DATABSE_URL: unknown environment variable (no setting is spelled so; unset it)"),
                new Broken(
                        "bad region variable",
                        null,
                        Map.of("SIGNET_REGION", "mars"),
                        List.of(),
                        "region: must be a region name like us-east-1, got 'mars' (env SIGNET_REGION)"),
                new Broken(
                        "empty variable",
                        null,
                        Map.of("SIGNET_ACCOUNT_ID", ""),
                        List.of(),
                        "account-id: is empty; leave it out for the default (env SIGNET_ACCOUNT_ID)"),
                new Broken(
                        "variable overriding the file",
                        "region: eu-west-1\n",
                        Map.of("SIGNET_DATABASE_URL", "jdbc:mysql://signet:hunter2@db/signet"),
                        List.of(),
                        "database.url: must be jdbc:sqlite:FILE or jdbc:postgresql://host[:port]/database, got"
                                + " 'jdbc:mysql://<redacted>@db/signet' (env SIGNET_DATABASE_URL)"),
                new Broken(
                        "missing $SIGNET_CONFIG file",
                        null,
                        Map.of("SIGNET_CONFIG", "{DIR}/missing.yaml"),
                        List.of(),
                        "config: no such file {DIR}/missing.yaml"),
                new Broken(
                        "bad flag",
                        null,
                        Map.of(),
                        List.of("--public-url", "https://signet.example/api"),
                        "public-url: must be an http:// or https:// URL of a host with no path, got"
                                + " 'https://signet.example/api' (flag --public-url)"),
                new Broken(
                        "--listen and --port",
                        null,
                        Map.of(),
                        List.of("--listen", "127.0.0.1:0", "--port", "0"),
                        "listen: give --listen or --port, not both"));
    }

    private static Broken yaml(String name, String yaml, String line) {
        return new Broken(name, yaml, Map.of(), List.of(), line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void brokenConfigurationsAreRefusedInOneLine(Broken c) throws Exception {
        Files.writeString(dir.resolve("exists.pem"), "not used");
        Path file = dir.resolve("signet.yaml");
        List<String> args = new ArrayList<>();
        if (c.yaml() != null) {
            Files.writeString(file, fill(c.yaml(), file));
            args.addAll(List.of("--config", file.toString()));
        }
        c.args().forEach(a -> args.add(fill(a, file)));
        Map<String, String> env = new java.util.HashMap<>();
        c.env().forEach((k, v) -> env.put(k, fill(v, file)));

        Processes.Result r = signet(env, args);

        assertThat(r.exitCode()).as(r.error()).isEqualTo(ExitCode.USAGE);
        assertThat(r.error()).isEqualTo("signet: " + fill(c.line(), file) + "\n");
        assertThat(r.error()).doesNotContain("hunter2");
        assertThat(r.output()).isEmpty();
        assertThat(dir.resolve("signet-data")).as("nothing was started").doesNotExist();
    }

    @Test
    void printConfigShowsEachValueWithItsSourceAndNoSecret() throws Exception {
        Path file = dir.resolve("signet.yaml");
        Path password = dir.resolve("db-password");
        Files.writeString(password, "hunter2\n");
        Files.writeString(
                file,
                "listen: 127.0.0.1:9443\n"
                        + "database:\n  url: jdbc:postgresql://db.internal:5432/signet?password=hunter2\n  pool-size: 8\n"
                        + "objects:\n  type: s3\n  bucket: signet-artifacts\n  path-style: true\n"
                        + "region: eu-west-1\n");

        Processes.Result r = signet(
                Map.of("SIGNET_REGION", "eu-central-1", "SIGNET_DATABASE_POOL_SIZE", "12"),
                List.of(
                        "--config",
                        file.toString(),
                        "--print-config",
                        "--account-id",
                        "123456789012",
                        "--database-password-file",
                        password.toString()));

        assertThat(r.exitCode()).as(r.error()).isZero();
        assertThat(r.output().lines())
                .contains(
                        "listen: 127.0.0.1:9443  # file " + file,
                        "region: eu-central-1  # env SIGNET_REGION",
                        "account-id: 123456789012  # flag --account-id",
                        "database.url: 'jdbc:postgresql://db.internal:5432/signet?password=<redacted>'  # file " + file,
                        "database.password-file: " + password
                                + "  # flag --database-password-file (secret: content not shown)",
                        "database.pool-size: 12  # env SIGNET_DATABASE_POOL_SIZE",
                        "objects.type: s3  # file " + file,
                        "objects.path-style: true  # file " + file,
                        "tls.reload-interval: 10s  # default",
                        "data-dir: " + dir.resolve("signet-data") + "  # default",
                        "# tls.certificate: (unset)");
        assertThat(r.output()).doesNotContain("hunter2");
        assertThat(dir.resolve("signet-data")).doesNotExist();
    }

    @Test
    void plainHttpBeyondLoopbackRunsWhenAllowedAndWarns() throws Exception {
        Path file = dir.resolve("signet.yaml");
        Files.writeString(file, "listen: 0.0.0.0:0\nallow-plaintext: true\n");
        Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(command(List.of("--config", file.toString())), log)) {
            int port = server.endpoint().getPort();
            assertThat(server.lines()).anyMatch(l -> l.equals("Signet listening on http://127.0.0.1:" + port));
            assertThat(server.stop())
                    .as("SIGTERM stops gracefully with exit code 0")
                    .isZero();
            assertThat(Files.readString(log))
                    .contains("allow-plaintext: serving plain HTTP on 0.0.0.0:" + port
                            + "; access keys and signed requests cross the network unencrypted");
        }
    }

    @Test
    void tlsPublicUrlAndJsonLogsFromTheFile() throws Exception {
        TlsTestCa ca = new TlsTestCa("Signet launcher test CA");
        ca.server("signet").write(dir.resolve("cert.pem"), dir.resolve("key.pem"), ca);
        Path file = dir.resolve("signet.yaml");
        Files.writeString(
                file,
                "listen: 127.0.0.1:0\n"
                        + "public-url: https://signet.example:8443\n"
                        + "tls:\n  certificate: cert.pem\n  key: key.pem\n"
                        + "log:\n  format: json\n"
                        + "data-dir: node-a\n");
        Path log = dir.resolve("server.log");
        try (ServerProcess server = ServerProcess.start(command(List.of("--config", file.toString())), log)) {
            assertThat(server.endpoint()).isEqualTo(URI.create("https://signet.example:8443"));
            String listening = server.lines().stream()
                    .filter(l -> l.startsWith("Signet listening on "))
                    .findFirst()
                    .orElseThrow();
            assertThat(listening)
                    .matches(
                            "Signet listening on https://127\\.0\\.0\\.1:\\d+, endpoint https://signet\\.example:8443");
            // DATA/endpoint is written just after the listening line: wait for it, bounded
            Path endpointFile = dir.resolve("node-a/endpoint");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!Files.exists(endpointFile) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(Files.readString(endpointFile).strip()).isEqualTo("https://signet.example:8443");

            URI root = URI.create(
                    listening.substring("Signet listening on ".length(), listening.indexOf(',')) + "/v1/ca/root.pem");
            SSLContext trusting = ca.sslContext(null);
            HttpResponse<String> pem = HttpClient.newBuilder()
                    .sslContext(trusting)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build()
                    .send(
                            HttpRequest.newBuilder(root)
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(pem.statusCode()).isEqualTo(200);
            assertThat(pem.body()).startsWith("-----BEGIN CERTIFICATE-----");
            server.stop();
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                events.add(json.readTree(line));
            }
        }
        assertThat(events)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.has("level")).isTrue());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("level").asText()).isEqualTo("INFO");
            assertThat(e.get("loggerName").asText()).isEqualTo("dev.signet.server.SignetServer");
            assertThat(e.get("formattedMessage").asText()).startsWith("Signet listening on https://127.0.0.1:");
        });
    }

    private String fill(String text, Path file) {
        return text.replace("{FILE}", file.toString()).replace("{DIR}", dir.toString());
    }

    private Processes.Result signet(Map<String, String> env, List<String> args) {
        ProcessBuilder pb = command(args);
        pb.environment().putAll(env);
        return Processes.runSeparately(pb, BOUND);
    }

    private ProcessBuilder command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(System.getProperty("signet.jar"));
        command.add("server");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("SIGNET_"));
        return pb;
    }
}
