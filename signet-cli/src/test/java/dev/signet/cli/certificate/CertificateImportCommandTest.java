package dev.signet.cli.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.cli.server.ServerServices;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signet certificate import} against the real server with a certificate made by openssl. */
class CertificateImportCommandTest {
    @TempDir
    static Path dir;

    static SignetServer server;
    static CliRunner cli;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data), ServerServices.all());
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
        for (String name : new String[] {"leaf", "other"}) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", name + ".key");
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

    @Test
    void aKeyThatDoesNotMatchIsRejected() {
        CliRunner.Result r =
                run("certificate", "import", "--cert", "leaf.pem", "--key", "other.key", "--chain", "root.pem");
        assertThat(r.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(r.err()).contains("does not belong").doesNotContain("PRIVATE KEY");
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }
}
