package dev.signet.cli.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * A handful of the enforcement matrix's cells (the whole matrix is the server module's
 * EnforcementMatrixTest) through the command line: {@code signet verify FILE --signature SIG --csc
 * policy.json}, online (POST /v1/verify) and {@code --offline --trust-bundle} (from {@code signet
 * trust-bundle export}), exit code 0 when allowed and 1 when blocked, warnings printed under Warn.
 * Signatures are made with {@code signet sign} on a Signet-CMS-SHA256-ECDSA profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyCscCellsTest {
    private static final String PROFILE = "cli_gate";

    @TempDir
    static Path dir;

    private SignetServer server;
    private CliRunner cli;
    private String endpoint;

    @BeforeAll
    void signAndRevoke() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        endpoint = server.endpoint().toString();
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        write("app.bin", 1);
        write("revoked.bin", 2);
        byte[] tampered = Files.readAllBytes(dir.resolve("app.bin"));
        tampered[1000] ^= 1;
        Files.write(dir.resolve("tampered.bin"), tampered);

        ok("profile", "put", PROFILE, "--platform", "Signet-CMS-SHA256-ECDSA", "--endpoint", endpoint);
        String versionArn = new ObjectMapper()
                .readTree(ok("profile", "get", PROFILE, "--output", "json", "--endpoint", endpoint))
                .get("profileVersionArn")
                .asText();
        ok("sign", "app.bin", "--profile", PROFILE, "--endpoint", endpoint);
        Matcher job = Pattern.compile("job ([0-9a-f-]{36})")
                .matcher(ok("sign", "revoked.bin", "--profile", PROFILE, "--endpoint", endpoint));
        assertThat(job.find()).isTrue();
        try (SignerClient signer = signer(data)) {
            signer.revokeSignature(b -> b.jobId(job.group(1)).reason("cli cells: revoked"));
        }
        for (String action : List.of("Warn", "Enforce")) {
            Files.writeString(
                    dir.resolve(action + ".json"),
                    "{\"AllowedPublishers\":{\"SigningProfileVersionArns\":[\"" + versionArn + "\"]},"
                            + "\"CodeSigningPolicies\":{\"UntrustedArtifactOnDeployment\":\"" + action + "\"}}");
        }
        ok("trust-bundle", "export", "--out", "bundle.jose", "--endpoint", endpoint);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** {@code case, file, signature, action, mode, exit code, a line the output must hold}. */
    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (String mode : List.of("online", "offline")) {
            cells.add(cell("valid", "app.bin", "app.bin.p7s", "Enforce", mode, 0, "ALLOWED: app.bin"));
            cells.add(cell("valid", "app.bin", "app.bin.p7s", "Warn", mode, 0, "ALLOWED: app.bin"));
            cells.add(
                    cell("one byte changed", "tampered.bin", "app.bin.p7s", "Warn", mode, 1, "BLOCKED: tampered.bin"));
            cells.add(cell(
                    "one byte changed", "tampered.bin", "app.bin.p7s", "Enforce", mode, 1, "BLOCKED: tampered.bin"));
            cells.add(cell("unsigned", "app.bin", null, "Warn", mode, 0, "WARN UNSIGNED: "));
            cells.add(cell(
                    "unsigned",
                    "app.bin",
                    null,
                    "Enforce",
                    mode,
                    1,
                    "BLOCKED: app.bin (policy Enforce, blocked by UNSIGNED)"));
            cells.add(cell(
                    "signature revoked",
                    "revoked.bin",
                    "revoked.bin.p7s",
                    "Warn",
                    mode,
                    0,
                    "WARN REVOCATION SIGNATURE_REVOKED"));
            cells.add(cell(
                    "signature revoked", "revoked.bin", "revoked.bin.p7s", "Enforce", mode, 1, "BLOCKED: revoked.bin"));
        }
        return cells.stream();
    }

    private static Arguments cell(
            String name, String file, String signature, String action, String mode, int exit, String line) {
        return Arguments.of(name + " / " + action + " / " + mode, file, signature, action, mode, exit, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void exitsZeroWhenAllowedAndOneWhenBlocked(
            String name, String file, String signature, String action, String mode, int exit, String line) {
        List<String> args = new ArrayList<>(List.of("verify", file, "--csc", action + ".json"));
        if (signature != null) {
            args.addAll(List.of("--signature", signature));
        }
        if (mode.equals("offline")) {
            args.addAll(List.of("--offline", "--trust-bundle", "bundle.jose"));
        } else {
            args.addAll(List.of("--endpoint", endpoint));
        }
        CliRunner.Result result = cli.run(args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(exit);
        assertThat(result.out()).as(result.err()).contains(line);
    }

    /**
     * A verification Signet cannot finish (a format whose parser has a bug) is never a verdict, under
     * Warn too: offline the command fails as Signet's own internal error (exit 5), online the server
     * answers 500 and the command reports a failed server (exit 4).
     */
    @Test
    void aVerificationSignetCannotFinishIsNoDecision() throws Exception {
        Files.write(dir.resolve("broken.sig"), dev.signet.core.testing.BrokenFormat.signature());
        CliRunner.Result offline = cli.run(
                "verify",
                "app.bin",
                "--signature",
                "broken.sig",
                "--csc",
                "Warn.json",
                "--offline",
                "--trust-bundle",
                "bundle.jose");
        assertThat(offline.exitCode()).as(offline.out() + offline.err()).isEqualTo(ExitCode.INTERNAL);
        assertThat(offline.out()).isEmpty();
        assertThat(offline.err())
                .startsWith("signet: internal error: verifying a test-broken signature over the file ")
                .contains(dev.signet.core.testing.BrokenFormat.FAILURE);
        CliRunner.Result online =
                cli.run("verify", "app.bin", "--signature", "broken.sig", "--csc", "Warn.json", "--endpoint", endpoint);
        assertThat(online.exitCode()).as(online.out() + online.err()).isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(online.out()).isEmpty();
        assertThat(online.err())
                .startsWith("signet: the server failed (500 InternalServiceErrorException): ")
                .contains("An internal error occurred; request id ");
    }

    /**
     * An upload is sent aws-chunked with a signature per chunk (the server refuses an unsigned
     * body): an artifact of many chunks, whose last is short, is judged like a small one, and a
     * byte changed in it still blocks.
     */
    @Test
    void aLargeArtifactIsUploadedInSignedChunks() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(5).nextBytes(content);
        Files.write(dir.resolve("large.bin"), content);
        ok("sign", "large.bin", "--profile", PROFILE, "--endpoint", endpoint);
        CliRunner.Result allowed = cli.run(
                "verify", "large.bin", "--signature", "large.bin.p7s", "--csc", "Enforce.json", "--endpoint", endpoint);
        assertThat(allowed.exitCode()).as(allowed.out() + allowed.err()).isZero();
        assertThat(allowed.out()).contains("ALLOWED: large.bin");

        content[content.length - 3] ^= 1;
        Files.write(dir.resolve("large-tampered.bin"), content);
        CliRunner.Result blocked = cli.run(
                "verify",
                "large-tampered.bin",
                "--signature",
                "large.bin.p7s",
                "--csc",
                "Enforce.json",
                "--endpoint",
                endpoint);
        assertThat(blocked.exitCode()).as(blocked.out() + blocked.err()).isEqualTo(1);
        assertThat(blocked.out()).contains("BLOCKED: large-tampered.bin");
    }

    private String ok(String... args) {
        CliRunner.Result result = cli.run(args);
        assertThat(result.exitCode())
                .as(String.join(" ", args) + ": " + result.err())
                .isZero();
        return result.out();
    }

    private static void write(String name, int seed) throws Exception {
        byte[] content = new byte[50_000];
        new Random(seed).nextBytes(content);
        Files.write(dir.resolve(name), content);
    }

    private SignerClient signer(Path data) throws Exception {
        AccessKey key = CredentialsFile.read(data.resolve(CredentialsFile.BOOTSTRAP_FILE))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
        return SignerClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }
}
