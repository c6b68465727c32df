package dev.signet.cli.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.core.testing.Processes;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code signet certificate import} against the real server with a certificate made by openssl. */
class CertificateImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SignetServer server;
    static CliRunner cli;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "root.key",
                "-out",
                "root.pem",
                "-subj",
                "/CN=CLI Root",
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign");
        Files.writeString(
                dir.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
        // the forms openssl writes: PKCS#8 (genpkey), SEC1 with EC PARAMETERS (ecparam -genkey), PKCS#1
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key");
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "other.key");
        openssl("ecparam", "-genkey", "-name", "prime256v1", "-out", "sec1.key");
        openssl("genrsa", "-traditional", "-out", "rsa.key", "3072");
        for (String name : new String[] {"leaf", "other", "sec1", "rsa"}) {
            openssl("req", "-new", "-key", name + ".key", "-subj", "/CN=" + name, "-out", name + ".csr");
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    name + ".csr",
                    "-CA",
                    "root.pem",
                    "-CAkey",
                    "root.key",
                    "-CAcreateserial",
                    "-days",
                    "10",
                    "-extfile",
                    "leaf.ext",
                    "-out",
                    name + ".pem");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(server.endpoint().toString());
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void importPrintsTheCertificateArn() {
        CliRunner.Result r =
                run("certificate", "import", "--cert", "leaf.pem", "--key", "leaf.key", "--chain", "root.pem");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out())
                .containsPattern("arn:aws:acm:us-east-1:\\d{12}:certificate/[0-9a-f-]{36}")
                .contains("ECDSA_P256");

        CliRunner.Result json = run(
                "certificate",
                "import",
                "--cert",
                "leaf.pem",
                "--key",
                "leaf.key",
                "--chain",
                "root.pem",
                "--output",
                "json");
        assertThat(json.out()).contains("\"certificateArn\"");
    }

    /**
     * Imported material into a named backend makes a profile on a Signet platform ({@code profile
     * put --certificate-arn}) and rotates it to new material ({@code profile rotate --certificate-arn}).
     */
    @Test
    void importedMaterialMakesAProfileAndRotatesToNewMaterial() throws Exception {
        CliRunner.Result first = run(
                "certificate",
                "import",
                "--cert",
                "leaf.pem",
                "--key",
                "leaf.key",
                "--chain",
                "root.pem",
                "--key-backend",
                "software",
                "--output",
                "json");
        assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(ExitCode.OK);
        JsonNode imported = JSON.readTree(first.out());
        assertThat(imported.get("keyBackend").asText()).isEqualTo("software");
        CliRunner.Result nowhere = run(
                "certificate",
                "import",
                "--cert",
                "leaf.pem",
                "--key",
                "leaf.key",
                "--chain",
                "root.pem",
                "--key-backend",
                "nowhere");
        assertThat(nowhere.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(nowhere.err()).contains("keyBackend nowhere is not configured on this server");

        CliRunner.Result put = run(
                "profile",
                "put",
                "imported_cli",
                "--platform",
                "Signet-CMS-SHA256-ECDSA",
                "--certificate-arn",
                imported.get("certificateArn").asText(),
                "--output",
                "json");
        assertThat(put.exitCode()).as(put.out() + put.err()).isEqualTo(ExitCode.OK);
        JsonNode profile = JSON.readTree(put.out());
        assertThat(profile.get("certificateState").asText()).isEqualTo("Imported");

        CliRunner.Result refused = run("profile", "rotate", "imported_cli");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(refused.err()).contains("--certificate-arn ARN");
        CliRunner.Result second = run(
                "certificate",
                "import",
                "--cert",
                "leaf.pem",
                "--key",
                "leaf.key",
                "--chain",
                "root.pem",
                "--output",
                "json");
        String newArn = JSON.readTree(second.out()).get("certificateArn").asText();
        CliRunner.Result rotated =
                run("profile", "rotate", "imported_cli", "--certificate-arn", newArn, "--output", "json");
        assertThat(rotated.exitCode()).as(rotated.out() + rotated.err()).isEqualTo(ExitCode.OK);
        assertThat(JSON.readTree(rotated.out()).get("profileVersion").asText())
                .isNotEqualTo(profile.get("profileVersion").asText());
    }

    @Test
    void aPkcs12FileIsImportedWithItsChainAndAWrongPasswordIsAUsageError() throws Exception {
        openssl(
                "pkcs12",
                "-export",
                "-inkey",
                "leaf.key",
                "-in",
                "leaf.pem",
                "-certfile",
                "root.pem",
                "-passout",
                "pass:p12-secret",
                "-out",
                "leaf.p12");
        Files.writeString(dir.resolve("p12.pass"), "p12-secret\n");
        Files.writeString(dir.resolve("wrong.pass"), "not-it\n");
        CliRunner.Result r = run("certificate", "import", "--pkcs12", "leaf.p12", "--password-file", "p12.pass");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out())
                .containsPattern("arn:aws:acm:us-east-1:\\d{12}:certificate/")
                .contains("ECDSA_P256");
        CliRunner.Result wrong = run("certificate", "import", "--pkcs12", "leaf.p12", "--password-file", "wrong.pass");
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(wrong.err())
                .contains("--pkcs12 leaf.p12 cannot be opened: not a PKCS#12 file, or the password is wrong");
        CliRunner.Result both = run("certificate", "import", "--pkcs12", "leaf.p12", "--cert", "leaf.pem");
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(both.err()).contains("--pkcs12 replaces --cert and --key");
    }

    @Test
    void aKeyThatDoesNotMatchIsRejected() {
        CliRunner.Result r =
                run("certificate", "import", "--cert", "leaf.pem", "--key", "other.key", "--chain", "root.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.err()).contains("does not belong").doesNotContain("PRIVATE KEY");
    }

    /** SEC1 and PKCS#1 keys are sent as PKCS#8; the server takes them like any other. */
    @ParameterizedTest
    @CsvSource({"sec1, BEGIN EC PRIVATE KEY, ECDSA_P256", "rsa, BEGIN RSA PRIVATE KEY, RSA_3072"})
    void importsTheKeyFormsOpensslWritesByDefault(String name, String header, String algorithm) throws Exception {
        assertThat(Files.readString(dir.resolve(name + ".key"))).contains(header);
        CliRunner.Result r =
                run("certificate", "import", "--cert", name + ".pem", "--key", name + ".key", "--chain", "root.pem");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out())
                .containsPattern("arn:aws:acm:us-east-1:\\d{12}:certificate/")
                .contains(algorithm);
    }

    /** Refused here, before anything is sent, with a message that says what to do and quotes no key. */
    @ParameterizedTest
    @CsvSource({
        "pkcs8-encrypted.key, is encrypted, which is not supported: decrypt it first",
        "legacy-encrypted.key, is encrypted, which is not supported: decrypt it first",
        "leaf.pem, holds no private key but a certificate",
        "garbage.key, holds no private key; expected BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY or BEGIN RSA PRIVATE KEY",
        "broken.key, is not a readable PEM private key"
    })
    void anEncryptedOrMissingKeyIsAClearUsageError(String file, String message) throws Exception {
        Path key = dir.resolve(file);
        if (!Files.exists(key)) {
            switch (file) {
                case "pkcs8-encrypted.key" ->
                    openssl("pkcs8", "-topk8", "-in", "leaf.key", "-passout", "pass:secret", "-out", file);
                case "legacy-encrypted.key" ->
                    openssl("ec", "-in", "leaf.key", "-aes256", "-passout", "pass:secret", "-out", file);
                case "garbage.key" -> Files.writeString(key, "not a key at all\n");
                default ->
                    Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA%%%\n-----END EC PRIVATE KEY-----\n");
            }
        }
        CliRunner.Result r = run("certificate", "import", "--cert", "leaf.pem", "--key", file, "--chain", "root.pem");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--key " + file + " " + message).doesNotContain("MII", "Exception");
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Processes.Result result =
                Processes.run(new ProcessBuilder(command).directory(dir.toFile()), Duration.ofSeconds(60));
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + result.output());
        }
    }
}
