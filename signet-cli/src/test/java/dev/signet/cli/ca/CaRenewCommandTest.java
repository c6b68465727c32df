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

/** {@code signet ca renew --issuing|--root} against the real server; {@code signet ca status} then lists both generations. */
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

        CliRunner.Result status = cli.run("ca", "status", "--endpoint", endpoint);
        assertThat(status.out())
                .contains("root-g1")
                .contains("issuing-g1")
                .contains("issuing-g2")
                .contains("CN=Signet Root CA G2")
                .contains("next:         nothing to do");
    }
}
