package dev.signet.cli.profile;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * {@code signet profile put --external-certificate}, {@code profile csr} and {@code profile
 * certificate} against the real server, with openssl playing the outside CA: the profile waits, its
 * CSR is issued, a certificate for another key is refused, the right chain makes it Active.
 */
class ProfileExternalCertificateCommandTest {
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
                "/CN=Outside CA Root",
                "-days",
                "30",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign");
        Files.writeString(
                dir.resolve("leaf.ext"), "keyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aProfileWaitsForItsCertificateAndSignsOnceInstalled() throws Exception {
        CliRunner.Result put = run(
                "profile",
                "put",
                "byo_cli",
                "--platform",
                "Signet-CMS-SHA256-ECDSA",
                "--key-backend",
                "software",
                "--external-certificate");
        assertThat(put.exitCode()).as(put.out() + put.err()).isEqualTo(ExitCode.OK);
        assertThat(put.out()).contains("PendingCertificate").contains("signet profile csr byo_cli");

        CliRunner.Result csr =
                run("profile", "csr", "byo_cli", "--subject", "CN=Example Code Signing,O=Example", "--out", "byo.csr");
        assertThat(csr.exitCode()).as(csr.out() + csr.err()).isEqualTo(ExitCode.OK);
        assertThat(openssl("req", "-in", "byo.csr", "-verify", "-noout", "-subject"))
                .contains("self-signature verify OK")
                .contains("CN = Example Code Signing, O = Example");
        issue("byo.csr", "byo.pem");
        Files.writeString(
                dir.resolve("chain.pem"),
                Files.readString(dir.resolve("byo.pem")) + Files.readString(dir.resolve("root.pem")));

        openssl(
                "req",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                "other.key",
                "-subj",
                "/CN=other",
                "-out",
                "other.csr");
        issue("other.csr", "other.pem");
        Files.writeString(
                dir.resolve("other-chain.pem"),
                Files.readString(dir.resolve("other.pem")) + Files.readString(dir.resolve("root.pem")));
        CliRunner.Result wrong = run("profile", "certificate", "byo_cli", "--chain", "other-chain.pem");
        assertThat(wrong.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(wrong.err()).contains("the certificate's public key is not this profile version's key");

        CliRunner.Result installed = run("profile", "certificate", "byo_cli", "--chain", "chain.pem");
        assertThat(installed.exitCode()).as(installed.out() + installed.err()).isEqualTo(ExitCode.OK);
        assertThat(installed.out()).contains("External").doesNotContain("PendingCertificate");
        CliRunner.Result get = run("profile", "get", "byo_cli", "--output", "json");
        assertThat(get.out()).contains("\"status\": \"Active\"");
        var before =
                com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(get.out());
        assertThat(before.has("pendingVersion")).isFalse();
        assertThat(run("profile", "get", "byo_cli").out()).doesNotContain("pending:");

        // a rotation leaves a pending version beside the active one: profile get shows both
        String active = before.path("profileVersion").asText();
        CliRunner.Result rotated = run("profile", "rotate", "byo_cli");
        assertThat(rotated.exitCode()).as(rotated.out() + rotated.err()).isEqualTo(ExitCode.OK);
        CliRunner.Result both = run("profile", "get", "byo_cli", "--output", "json");
        assertThat(both.exitCode()).as(both.out() + both.err()).isEqualTo(ExitCode.OK);
        var shown =
                com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(both.out());
        assertThat(shown.path("profileVersion").asText()).isEqualTo(active);
        assertThat(shown.path("pendingVersion").path("certificateState").asText())
                .isEqualTo("PendingCertificate");
        String pending = shown.path("pendingVersion").path("profileVersion").asText();
        assertThat(pending).isNotBlank().isNotEqualTo(active);
        CliRunner.Result text = run("profile", "get", "byo_cli");
        assertThat(text.out())
                .contains("version:      " + active)
                .contains("pending:      version " + pending + " (PendingCertificate, key in software)")
                .contains("signet profile certificate byo_cli --chain FILE");
    }

    private static void issue(String csr, String out) {
        openssl(
                "x509",
                "-req",
                "-in",
                csr,
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
                out);
    }

    private static CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(server.endpoint().toString());
        return cli.run(all.toArray(String[]::new));
    }

    private static String openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Processes.Result result =
                Processes.run(new ProcessBuilder(command).directory(dir.toFile()), Duration.ofSeconds(60));
        if (result.exitCode() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + result.output());
        }
        return result.output();
    }
}
