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

/** {@code signet ca status} against the real server, as text and as JSON. */
class CaStatusCommandTest {
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
    void showsTheAuthorityAndTheProfilesExpiringSoon() throws Exception {
        String endpoint = server.endpoint().toString();
        CliRunner.Result fresh = cli.run("ca", "status", "--endpoint", endpoint);
        assertThat(fresh.exitCode()).as(fresh.out() + fresh.err()).isEqualTo(ExitCode.OK);
        assertThat(fresh.out())
                .contains("root")
                .contains("issuing")
                .contains("timestamping")
                .contains("no certificate of an Active profile expires within 30 days")
                .contains("next:         nothing to do");

        CliRunner.Result put = cli.run(
                "profile",
                "put",
                "weekly",
                "--platform",
                "Signet-CMS-SHA256-ECDSA",
                "--validity",
                "7",
                "--validity-type",
                "DAYS",
                "--endpoint",
                endpoint);
        assertThat(put.exitCode()).as(put.out() + put.err()).isEqualTo(ExitCode.OK);
        CliRunner.Result soon = cli.run("ca", "status", "--endpoint", endpoint);
        assertThat(soon.out())
                .contains("profiles whose certificate expires within 30 days:")
                .contains("weekly (version ")
                .contains("rotate it: signet profile rotate weekly");

        CliRunner.Result json = cli.run("ca", "status", "--output", "json", "--endpoint", endpoint);
        JsonNode status = JSON.readTree(json.out());
        assertThat(status.path("authority")).hasSize(3);
        assertThat(status.path("expiringProfiles").get(0).path("profileName").asText())
                .isEqualTo("weekly");
    }
}
