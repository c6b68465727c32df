package dev.signet.cli.verify;

import static dev.signet.cli.CliRunner.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.core.revocation.TrustBundle;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CodeSigningPolicy;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * {@code signet verify --csc} and {@code signet trust-bundle export} against the real server (in
 * process, free port): online by CSC ARN and by policy file, offline with an exported bundle, Warn
 * and Enforce, a tampered bundle, and online and offline agreeing on the same input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GateEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private SignetServer server;
    private CliRunner cli;
    private String endpoint;
    private LambdaClient lambda;
    private SignerClient signer;
    private String allowedVersion;
    private String otherVersion;

    @BeforeAll
    void startServerSignAndExport() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        endpoint = server.endpoint().toString();
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        AccessKey key = CredentialsFile.read(data.resolve(CredentialsFile.BOOTSTRAP_FILE))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
        StaticCredentialsProvider credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret()));
        lambda = LambdaClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        signer = SignerClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();

        allowedVersion = profile("gate_allowed");
        otherVersion = profile("gate_other");
        byte[] content = new byte[500_000];
        new Random(11).nextBytes(content);
        Files.write(dir.resolve("app.bin"), content);
        Files.writeString(dir.resolve("unsigned.bin"), "never signed");
        ok(run("sign", "app.bin", "--profile", "gate_allowed"));

        policyFile("allowed-enforce.json", allowedVersion, "Enforce", false);
        policyFile("other-enforce.json", otherVersion, "Enforce", false);
        policyFile("other-warn.json", otherVersion, "Warn", true);
        policyFile("allowed-warn.json", allowedVersion, "Warn", false);
    }

    /** {@code signet-trust-bundle.jose}, exported once by {@code signet trust-bundle export}. */
    private Path bundle() {
        Path bundle = dir.resolve("signet-trust-bundle.jose");
        if (!Files.exists(bundle)) {
            ok(run("trust-bundle", "export"));
        }
        return bundle;
    }

    @AfterAll
    void stopServer() {
        if (lambda != null) {
            lambda.close();
            signer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private String profile(String name) {
        ok(run("profile", "put", name, "--platform", "Signet-CMS-SHA256-ECDSA"));
        return signer.getSigningProfile(r -> r.profileName(name)).profileVersionArn();
    }

    /** A policy file; {@code getShape}: as `aws lambda get-code-signing-config` prints it. */
    private static void policyFile(String name, String publisher, String action, boolean getShape) throws Exception {
        String policy = "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + publisher + "\"]},"
                + "\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"" + action + "\"}}";
        String text = getShape
                ? "{\"CodeSigningConfig\":{\"CodeSigningConfigId\":\"csc-0\",\"Description\":\"x\","
                        + policy.substring(1) + "}"
                : policy;
        Files.writeString(dir.resolve(name), text);
    }

    private String csc(String publisher, CodeSigningPolicy action) {
        return lambda.createCodeSigningConfig(r -> r.allowedPublishers(p -> p.signingProfileVersionArns(publisher))
                        .codeSigningPolicies(p -> p.untrustedArtifactOnDeployment(action)))
                .codeSigningConfig()
                .codeSigningConfigArn();
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(endpoint);
        return cli.run(all.toArray(String[]::new));
    }

    private CliRunner.Result offline(String policy, String... more) {
        List<String> all = new ArrayList<>(List.of("verify", "--csc", policy, "--offline", "--trust-bundle"));
        all.add(bundle().toString());
        all.addAll(List.of(more));
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void onlineByArnAllowsTheAllowedPublisherAndBlocksAnother() {
        String allowed = csc(allowedVersion, CodeSigningPolicy.ENFORCE);
        CliRunner.Result allow = ok(run("verify", "app.bin", "--signature", "app.bin.p7s", "--csc", allowed));
        assertThat(allow.out()).contains("OK PUBLISHER", "ALLOWED: app.bin (policy Enforce, 0 warnings)");

        String other = csc(otherVersion, CodeSigningPolicy.ENFORCE);
        CliRunner.Result block = run("verify", "app.bin", "--signature", "app.bin.p7s", "--csc", other);
        assertThat(block.exitCode()).as(block.out() + block.err()).isEqualTo(ExitCode.BLOCKED);
        assertThat(block.out())
                .contains(
                        "FAIL PUBLISHER UNTRUSTED_PUBLISHER: ",
                        "BLOCKED: app.bin (policy Enforce, blocked by PUBLISHER)");

        CliRunner.Result json = run("verify", "app.bin", "--signature", "app.bin.p7s", "--csc", other, "-o", "json");
        assertThat(json.exitCode()).isEqualTo(ExitCode.BLOCKED);
        assertThat(json.out()).contains("\"codeSigningConfigArn\": \"" + other + "\"", "\"decision\": \"BLOCK\"");
    }

    /**
     * A large artifact goes up aws-chunked in one pass through a fixed buffer: the calling thread (which
     * hashes and sends it) allocates a small fraction of its size, and the server checks every chunk.
     */
    @Test
    void aLargeArtifactIsStreamedNotBuffered() throws Exception {
        Path large = dir.resolve("large.bin");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (var out = Files.newOutputStream(large)) {
            for (int i = 0; i < 48; i++) {
                out.write(block);
            }
        }
        ok(run("sign", "large.bin", "--profile", "gate_allowed"));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        CliRunner.Result allow = ok(run(
                "verify",
                "large.bin",
                "--signature",
                "large.bin.p7s",
                "--csc",
                dir.resolve("allowed-enforce.json").toString()));

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allow.out()).contains("ALLOWED: large.bin (policy Enforce, 0 warnings)");
        assertThat(allocated).as("bytes allocated to send 48 MiB").isLessThan(16L << 20);
    }

    @Test
    void anUnknownCscArnIsARejection() {
        CliRunner.Result r = run(
                "verify",
                "app.bin",
                "--signature",
                "app.bin.p7s",
                "--csc",
                "arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-00000000000000000");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.out()).isEmpty();
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                Arguments.of("allowed-enforce.json", "app.bin", true, "ALLOWED: app.bin (policy Enforce, 0 warnings)"),
                Arguments.of("other-enforce.json", "app.bin", false, "FAIL PUBLISHER UNTRUSTED_PUBLISHER: "),
                Arguments.of("other-warn.json", "app.bin", true, "WARN PUBLISHER UNTRUSTED_PUBLISHER: "),
                Arguments.of("allowed-warn.json", "unsigned.bin", true, "WARN UNSIGNED: "),
                Arguments.of("allowed-enforce.json", "unsigned.bin", false, "FAIL UNSIGNED: "));
    }

    /** No signature is said once, as UNSIGNED (not an integrity failure), under either action. */
    @ParameterizedTest
    @ValueSource(strings = {"allowed-warn.json", "allowed-enforce.json"})
    void anUnsignedArtifactIsSaidOnce(String policy) throws Exception {
        boolean warn = policy.contains("warn");
        for (CliRunner.Result r :
                List.of(run("verify", "unsigned.bin", "--csc", policy), offline(policy, "unsigned.bin"))) {
            assertThat(r.out().lines().toList())
                    .as(r.out())
                    .containsExactly(
                            (warn ? "WARN" : "FAIL") + " UNSIGNED: there is no signature",
                            "NOT CHECKED: CHAIN, PUBLISHER, EXPIRY, REVOCATION, TIMESTAMP",
                            warn
                                    ? "ALLOWED: unsigned.bin (policy Warn, 1 warning)"
                                    : "BLOCKED: unsigned.bin (policy Enforce, blocked by UNSIGNED)");
        }
        for (CliRunner.Result r : List.of(
                run("verify", "unsigned.bin", "--csc", policy, "-o", "json"),
                offline(policy, "unsigned.bin", "-o", "json"))) {
            JsonNode json = JSON.readTree(r.out());
            assertThat(json.get(warn ? "warnings" : "blocking").toString()).isEqualTo("[\"UNSIGNED\"]");
            assertThat(json.get(warn ? "blocking" : "warnings").toString()).isEqualTo("[]");
        }
    }

    /** The same input gives the same decision online (policy file) and offline (exported bundle). */
    @ParameterizedTest
    @MethodSource("decisions")
    void onlineAndOfflineAgree(String policy, String file, boolean allowed, String line) throws Exception {
        List<String> signature = file.equals("app.bin") ? List.of("--signature", "app.bin.p7s") : List.of();
        List<String> online = new ArrayList<>(List.of("verify", file, "--csc", policy));
        online.addAll(signature);
        CliRunner.Result on = run(online.toArray(String[]::new));
        List<String> more = new ArrayList<>(List.of(file));
        more.addAll(signature);
        CliRunner.Result off = offline(policy, more.toArray(String[]::new));
        int expected = allowed ? ExitCode.OK : ExitCode.BLOCKED;
        for (CliRunner.Result r : List.of(on, off)) {
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(expected);
            assertThat(r.out()).contains(line).contains(allowed ? "ALLOWED: " + file : "BLOCKED: " + file);
        }
        assertThat(verdicts(off.out())).isEqualTo(verdicts(on.out()));

        online.addAll(List.of("-o", "json"));
        more.addAll(List.of("-o", "json"));
        JsonNode onJson = JSON.readTree(run(online.toArray(String[]::new)).out());
        JsonNode offJson =
                JSON.readTree(offline(policy, more.toArray(String[]::new)).out());
        for (String field : List.of("decision", "allowed", "policy", "blocking", "warnings", "signature")) {
            assertThat(offJson.get(field)).as(field).isEqualTo(onJson.get(field));
        }
        // messages may differ (the revocation list's issue time): every check's verdict may not
        for (JsonNode check : List.of(onJson.get("checks"), offJson.get("checks"))) {
            check.forEach(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c).remove("message"));
        }
        assertThat(offJson.get("checks")).isEqualTo(onJson.get("checks"));
    }

    /** Each line without its message: {@code OK CHECK}, {@code WARN CHECK REASON}, {@code ALLOWED}. */
    private static List<String> verdicts(String out) {
        return out.lines().map(l -> l.substring(0, Math.max(0, l.indexOf(':')))).toList();
    }

    @Test
    void exportWritesABundleThatParsesAndCanGoToStdout() throws Exception {
        TrustBundle bundle = TrustBundle.parse(Files.readAllBytes(bundle()));
        assertThat(bundle.roots()).isNotEmpty();

        CliRunner.Result other = ok(run("trust-bundle", "export", "--out", "copy.jose"));
        assertThat(other.out()).contains("wrote ", "copy.jose", "revocation list issued");
        TrustBundle.parse(Files.readAllBytes(dir.resolve("copy.jose")));

        CliRunner.Result stdout = ok(run("trust-bundle", "export", "--out", "-"));
        TrustBundle.parse(stdout.out().getBytes(StandardCharsets.US_ASCII));
        assertThat(stdout.err()).contains("trust bundle (root ");

        // -o is the output format, as for every command: a description of the file written
        CliRunner.Result json = ok(run("-o", "json", "trust-bundle", "export", "--out", "described.jose"));
        JsonNode described = JSON.readTree(json.out());
        assertThat(described.path("path").asText()).endsWith("described.jose");
        assertThat(described.path("sha256Fingerprint").asText()).hasSize(95);
        assertThat(described.path("nextUpdate").asText()).isNotEmpty();
        TrustBundle.parse(Files.readAllBytes(dir.resolve("described.jose")));
        assertThat(run("trust-bundle", "export", "--out", "-", "-o", "json").exitCode())
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void exportWithWrongCredentialsIsRejected() {
        CliRunner.Result r = new CliRunner(
                        Map.of("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1", "AWS_SECRET_ACCESS_KEY", "nope"), dir)
                .run("trust-bundle", "export", "--out", "wrong.jose", "--endpoint", endpoint);
        assertThat(r.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(dir.resolve("wrong.jose")).doesNotExist();
    }

    /** Any changed character of the bundle: offline verification refuses to run (exit 2). */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.5, 0.9, 0.999})
    void aTamperedBundleIsRefused(double where) throws Exception {
        byte[] bundle = Files.readAllBytes(bundle());
        int at = (int) (where * (bundle.length - 1));
        bundle[at] = (byte) (bundle[at] == 'A' ? 'B' : 'A');
        Path tampered = Files.write(dir.resolve("tampered-" + at + ".jose"), bundle);
        CliRunner.Result r = cli.run(
                "verify",
                "app.bin",
                "--signature",
                "app.bin.p7s",
                "--csc",
                "other-warn.json",
                "--offline",
                "--trust-bundle",
                tampered.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("trust bundle rejected: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingOrForeignBundleIsRefused() throws Exception {
        CliRunner.Result missing =
                cli.run("verify", "app.bin", "--csc", "allowed-enforce.json", "--offline", "--trust-bundle", "no.jose");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("trust bundle rejected: ");

        Path otherRoot = new OfflineSigner(dir.resolve("foreign")).writeRoot(dir.resolve("foreign-root.pem"));
        CliRunner.Result pinned = offline(
                "allowed-enforce.json", "app.bin", "--signature", "app.bin.p7s", "--trust", otherRoot.toString());
        assertThat(pinned.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(pinned.err()).contains("trust bundle rejected: ", "not one of the --trust roots");

        ok(run("ca", "export", "--out", "root.pem"));
        ok(offline("allowed-enforce.json", "app.bin", "--signature", "app.bin.p7s", "--trust", "root.pem"));
    }

    /** A revoked signature blocks under Enforce, online at once and offline with a fresh bundle. */
    @Test
    void aRevokedSignatureIsBlockedOnlineAndOffline() throws Exception {
        Files.writeString(dir.resolve("revoked.bin"), "to be revoked");
        CliRunner.Result sign = ok(run("sign", "revoked.bin", "--profile", "gate_allowed", "--output", "json"));
        String jobId = JSON.readTree(sign.out()).get("jobId").asText();
        signer.revokeSignature(r -> r.jobId(jobId).reason("leaked build"));

        CliRunner.Result online =
                run("verify", "revoked.bin", "--signature", "revoked.bin.p7s", "--csc", "allowed-enforce.json");
        assertThat(online.exitCode()).as(online.out() + online.err()).isEqualTo(ExitCode.BLOCKED);
        assertThat(online.out()).contains("FAIL REVOCATION SIGNATURE_REVOKED: ", "BLOCKED: revoked.bin");

        ok(run("trust-bundle", "export", "--out", "after-revocation.jose"));
        CliRunner.Result offline = cli.run(
                "verify",
                "revoked.bin",
                "--signature",
                "revoked.bin.p7s",
                "--csc",
                "allowed-warn.json",
                "--offline",
                "--trust-bundle",
                "after-revocation.jose");
        assertThat(offline.exitCode()).as(offline.out() + offline.err()).isEqualTo(ExitCode.OK);
        assertThat(offline.out())
                .contains("WARN REVOCATION SIGNATURE_REVOKED: ", "ALLOWED: revoked.bin (policy Warn, 1 warning)");
    }

    /** Past the list's next update: said in the output, and blocking under Enforce. */
    @Test
    void aStaleRevocationListBlocksUnderEnforce() throws Exception {
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(8));
        DecisionReport report = OfflineGate.decide(
                dir.resolve("app.bin"),
                Files.readAllBytes(dir.resolve("app.bin.p7s")),
                dev.signet.core.verify.CodeSigningPolicy.parseJson(
                        Files.readAllBytes(dir.resolve("allowed-enforce.json"))),
                bundle(),
                List.of(),
                later);
        assertThat(report.allowed()).isFalse();
        assertThat(report.textLines("app.bin", later.instant()))
                .anyMatch(l -> l.startsWith("FAIL REVOCATION REVOCATION_STALE: "))
                .anyMatch(l -> l.startsWith("STALE: the revocation list is past its next update"));
    }
}
