package dev.signet.cli.ca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet ca renew --issuing|--root|--tsa} against the real server; {@code signet ca export}
 * then writes both roots, pinned to either; {@code signet ca status} lists every generation and the
 * renewed time-stamping certificate.
 */
class CaRenewCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static SignetServer server;
    static CliRunner cli;

    @BeforeAll
    static void start() {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void renewsTheIssuingCaThenTheRootAndTheStatusShowsEveryGeneration() throws Exception {
        String endpoint = server.endpoint().toString();
        CliRunner.Result neither = cli.run("ca", "renew", "--endpoint", endpoint);
        assertThat(neither.exitCode()).isEqualTo(ExitCode.USAGE);
        CliRunner.Result both = cli.run("ca", "renew", "--issuing", "--root", "--endpoint", endpoint);
        assertThat(both.exitCode()).isEqualTo(ExitCode.USAGE);

        CliRunner.Result issuing = cli.run("ca", "renew", "--issuing", "--endpoint", endpoint);
        assertThat(issuing.exitCode()).as(issuing.out() + issuing.err()).isEqualTo(ExitCode.OK);
        assertThat(issuing.out())
                .contains("new issuing CA:  O=Signet,CN=Signet Issuing CA G2")
                .contains("(generation 2)");

        CliRunner.Result root = cli.run("ca", "renew", "--root", "--output", "json", "--endpoint", endpoint);
        assertThat(root.exitCode()).as(root.out() + root.err()).isEqualTo(ExitCode.OK);
        JsonNode made = JSON.readTree(root.out());
        assertThat(made.path("newRoots").get(0).path("subject").asText()).contains("CN=Signet Root CA G2");
        assertThat(made.path("issuing").path("generation").asInt()).isEqualTo(3);

        // ca export: every root; a pin on either root accepts both through the cross certificates
        java.util.List<java.security.cert.X509Certificate> roots =
                server.assembly().ca().roots();
        CliRunner.Result export = cli.run("ca", "export", "--out", "roots.pem", "--endpoint", endpoint);
        assertThat(export.exitCode()).as(export.out() + export.err()).isEqualTo(ExitCode.OK);
        assertThat(dev.signet.core.ca.Pem.decodeCertificates(java.nio.file.Files.readString(dir.resolve("roots.pem"))))
                .containsExactlyElementsOf(roots);
        for (java.security.cert.X509Certificate pinned : roots) {
            String fingerprint = RootFingerprint.of(pinned);
            CliRunner.Result pinnedExport =
                    cli.run("ca", "export", "--fingerprint", fingerprint, "--output", "json", "--endpoint", endpoint);
            assertThat(pinnedExport.exitCode()).as(pinnedExport.err()).isEqualTo(ExitCode.OK);
            JsonNode json = JSON.readTree(pinnedExport.out());
            assertThat(json.path("roots")).hasSize(2);
            assertThat(json.path("sha256Fingerprint").asText()).isEqualTo(RootFingerprint.of(roots.get(0)));
        }
        String other = "00".repeat(32);
        CliRunner.Result refused =
                cli.run("ca", "export", "--out", "refused.pem", "--fingerprint", other, "--endpoint", endpoint);
        assertThat(refused.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(refused.err())
                .contains("root certificates have SHA-256 fingerprints")
                .contains("nothing written");
        assertThat(dir.resolve("refused.pem")).doesNotExist();

        CliRunner.Result twoKinds = cli.run("ca", "renew", "--issuing", "--tsa", "--endpoint", endpoint);
        assertThat(twoKinds.exitCode()).isEqualTo(ExitCode.USAGE);
        CliRunner.Result tsa = cli.run("ca", "renew", "--tsa", "--endpoint", endpoint);
        assertThat(tsa.exitCode()).as(tsa.out() + tsa.err()).isEqualTo(ExitCode.OK);
        assertThat(tsa.out())
                .contains("new TSA cert:    O=Signet,CN=Signet Timestamp Authority G2")
                .doesNotContain("new issuing CA");
        assertThat(server.assembly().timestampAuthority().chain().get(1))
                .isEqualTo(server.assembly().ca().issuing());

        CliRunner.Result status = cli.run("ca", "status", "--endpoint", endpoint);
        assertThat(status.out())
                .contains("root-g1")
                .contains("issuing-g1")
                .contains("issuing-g2")
                .contains("CN=Signet Root CA G2")
                .contains("CN=Signet Timestamp Authority G2")
                .contains("next:         nothing to do");
    }
}
