package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.Processes;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README walkthrough through the picocli commands against the real server (in process, free
 * port, temporary data directory): profile, sign, verify, tamper, CA export, openssl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    private static final String PROFILE = "cli_e2e";

    @TempDir
    static Path dir;

    private SignetServer server;
    private CliRunner cli;
    private String endpoint;
    private Path artifact;

    @BeforeAll
    void startServer() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        endpoint = server.endpoint().toString();
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        artifact = dir.resolve("app.bin");
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        Files.write(artifact, content);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(endpoint);
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void createsAndReadsAProfile() {
        CliRunner.Result put = run("profile", "put", PROFILE, "--platform", "Signet-CMS-SHA256-ECDSA");
        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.out()).contains("arn:", "version:");

        CliRunner.Result get = run("profile", "get", PROFILE, "--output", "json");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(get.out()).contains("\"profileName\": \"" + PROFILE + "\"", "\"status\": \"Active\"");

        CliRunner.Result list = run("profile", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(PROFILE, "Signet-CMS-SHA256-ECDSA");
    }

    @Test
    @Order(2)
    void serverRejectionsExitThree() {
        CliRunner.Result missing = run("profile", "get", "no_such_profile");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(missing.err()).contains("ResourceNotFoundException");

        CliRunner.Result invalid = run("profile", "put", "bad-name!", "--platform", "Signet-CMS-SHA256-ECDSA");
        assertThat(invalid.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(invalid.err()).contains("ValidationException");

        CliRunner.Result wrongKey = new CliRunner(
                        Map.of("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG1", "AWS_SECRET_ACCESS_KEY", "nope"), dir)
                .run("profile", "list", "--endpoint", endpoint);
        assertThat(wrongKey.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(wrongKey.err()).contains("check the credentials").doesNotContain("nope");
    }

    @Test
    @Order(2)
    void signingParametersReachTheServerWhichChecksSignetOnes() {
        CliRunner.Result portable = run(
                "profile",
                "put",
                "oci_portable",
                "--platform",
                "Notation-OCI-SHA384-ECDSA",
                "--signing-parameter",
                "signet:envelope=portable",
                "--signing-parameter",
                "team=payments");
        assertThat(portable.exitCode()).as(portable.err()).isZero();

        CliRunner.Result refused = run(
                "profile",
                "put",
                "oci_bare",
                "--platform",
                "Notation-OCI-SHA384-ECDSA",
                "--signing-parameter",
                "signet:envelope=bare");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(refused.err()).contains("ValidationException", "signet:envelope must be plugin or portable");

        CliRunner.Result malformed = run(
                "profile", "put", "oci_x", "--platform", "Notation-OCI-SHA384-ECDSA", "--signing-parameter", "novalue");
        assertThat(malformed.exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    @Order(3)
    void signsVerifiesAndRejectsATamperedCopy() throws Exception {
        CliRunner.Result sign = run("sign", "app.bin", "--profile", PROFILE);
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(sign.out()).contains("job ");
        assertThat(dir.resolve("app.bin.p7s")).isNotEmptyFile();

        CliRunner.Result export = run("ca", "export", "--out", "root.pem");
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(Files.readString(dir.resolve("root.pem"))).startsWith("-----BEGIN CERTIFICATE-----");

        CliRunner.Result verify = cli.run("verify", "app.bin", "--signature", "app.bin.p7s", "--trust", "root.pem");
        assertThat(verify.exitCode()).as(verify.out()).isZero();

        CliRunner.Result localTrust = cli.run("verify", "app.bin", "--signature", "app.bin.p7s");
        assertThat(localTrust.exitCode())
                .as(localTrust.out() + localTrust.err())
                .isZero();

        assertThat(openssl("app.bin")).isZero();

        byte[] tampered = Files.readAllBytes(artifact);
        tampered[tampered.length / 2] ^= 0x40;
        Files.write(dir.resolve("tampered.bin"), tampered);
        CliRunner.Result bad = cli.run("verify", "tampered.bin", "--signature", "app.bin.p7s", "--trust", "root.pem");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(bad.out()).contains("FAIL INTEGRITY INTEGRITY: ");
        assertThat(openssl("tampered.bin")).isNotZero();
    }

    /** The export pinned to the fingerprint openssl prints for the server's own root, as the README says. */
    @Test
    @Order(3)
    void theExportIsPinnedToTheRootsFingerprint() throws Exception {
        Processes.Result openssl = Processes.run(
                new ProcessBuilder(
                        "openssl",
                        "x509",
                        "-in",
                        dir.resolve("data/ca/root.pem").toString(),
                        "-noout",
                        "-fingerprint",
                        "-sha256"),
                Duration.ofSeconds(60));
        assertThat(openssl.exitCode()).as(openssl.output()).isZero();
        String printed = openssl.output().strip();
        assertThat(printed).startsWith("sha256 Fingerprint=");
        String fingerprint = printed.substring("sha256 Fingerprint=".length());

        CliRunner.Result pinned = run("ca", "export", "--out", "pinned.pem", "--fingerprint", printed);
        assertThat(pinned.exitCode()).as(pinned.err()).isZero();
        assertThat(pinned.out()).contains("SHA-256 " + fingerprint);
        CliRunner.Result hex = run(
                "ca", "export", "--fingerprint", fingerprint.replace(":", "").toLowerCase());
        assertThat(hex.exitCode()).as(hex.err()).isZero();
        assertThat(hex.out()).startsWith("-----BEGIN CERTIFICATE-----");

        String other = (fingerprint.startsWith("00") ? "11" : "00") + fingerprint.substring(2);
        CliRunner.Result refused = run("ca", "export", "--out", "refused.pem", "--fingerprint", other);
        assertThat(refused.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(refused.err())
                .contains("has SHA-256 fingerprint " + fingerprint + ", not the pinned " + other)
                .contains("nothing written");
        assertThat(refused.out()).isEmpty();
        assertThat(dir.resolve("refused.pem")).doesNotExist();

        CliRunner.Result malformed = run("ca", "export", "--fingerprint", "SHA256:abc");
        assertThat(malformed.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(malformed.err()).contains("--fingerprint: expected the root's SHA-256 fingerprint");
    }

    @Test
    @Order(4)
    void signRefusesPlatformsItDoesNotSignAndSpeaksJson() {
        CliRunner.Result put = run("profile", "put", "oci_profile", "--platform", "Notation-OCI-SHA384-ECDSA");
        assertThat(put.exitCode()).as(put.err()).isZero();
        CliRunner.Result refused = run("sign", "app.bin", "--profile", "oci_profile", "--out", "oci.p7s");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err())
                .contains("platform Notation-OCI-SHA384-ECDSA is not signed from here")
                .contains("Signet-CMS-SHA256-ECDSA", "AWSLambda-SHA384-ECDSA", "AmazonFreeRTOS-Default")
                .contains("Signet-JAR-SHA256-ECDSA");
        assertThat(dir.resolve("oci.p7s")).doesNotExist();
        CliRunner.Result lambda = run("profile", "put", "lambda_profile", "--platform", "AWSLambda-SHA384-ECDSA");
        assertThat(lambda.exitCode()).as(lambda.err()).isZero();
        CliRunner.Result notZip = run("sign", "app.bin", "--profile", "lambda_profile");
        assertThat(notZip.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(notZip.err()).contains("cannot sign ", "app.bin on AWSLambda-SHA384-ECDSA: not a zip");
        assertThat(dir.resolve("app.bin.signed.zip")).doesNotExist();

        CliRunner.Result json = run("sign", "app.bin", "--profile", PROFILE, "--out", "json.p7s", "--output", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"jobId\": \"", "\"signatureExpiresAt\"");
    }

    @Test
    @Order(4)
    void signsManyFilesInOneCall() throws Exception {
        for (int i = 0; i < 3; i++) {
            Files.writeString(dir.resolve("many" + i + ".txt"), "file " + i + "\n");
        }
        CliRunner.Result twoOut = run("sign", "many0.txt", "many1.txt", "--profile", PROFILE, "--out", "x.p7s");
        assertThat(twoOut.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("x.p7s")).doesNotExist();
        CliRunner.Result missing = run("sign", "many0.txt", "absent.txt", "--profile", PROFILE);
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("many0.txt.p7s")).doesNotExist();

        CliRunner.Result sign = run("sign", "many0.txt", "many1.txt", "many2.txt", "--profile", PROFILE);
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        for (int i = 0; i < 3; i++) {
            assertThat(sign.out()).contains("many" + i + ".txt.p7s");
            CliRunner.Result verify = cli.run("verify", "many" + i + ".txt", "--signature", "many" + i + ".txt.p7s");
            assertThat(verify.exitCode()).as(verify.out()).isZero();
        }
        CliRunner.Result json = run("sign", "many0.txt", "many1.txt", "--profile", PROFILE, "--output", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).startsWith("{").contains("\"signed\"", "many1.txt.p7s");
    }

    @Test
    @Order(5)
    void aCanceledProfileSignsNoMore() {
        CliRunner.Result cancel = run("profile", "cancel", PROFILE);
        assertThat(cancel.exitCode()).as(cancel.err()).isZero();
        CliRunner.Result sign = run("sign", "app.bin", "--profile", PROFILE, "--out", "again.p7s");
        assertThat(sign.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(dir.resolve("again.p7s")).doesNotExist();
        CliRunner.Result list = run("profile", "list", "--include-canceled");
        assertThat(list.out()).contains(PROFILE, "Canceled");
    }

    private int openssl(String content) throws Exception {
        ProcessBuilder verify = new ProcessBuilder(
                        "openssl",
                        "cms",
                        "-verify",
                        "-binary",
                        "-purpose",
                        "any",
                        "-CAfile",
                        "root.pem",
                        "-inform",
                        "DER",
                        "-in",
                        "app.bin.p7s",
                        "-content",
                        content,
                        "-out",
                        "/dev/null")
                .directory(dir.toFile());
        return Processes.run(verify, Duration.ofSeconds(60)).exitCode();
    }
}
