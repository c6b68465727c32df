package dev.signet.cli.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet profile rotate} against the real server: the profile's current version changes to
 * a new one with a Signet-issued certificate; a profile waiting for an outside CA is refused.
 */
class ProfileRotateCommandTest {
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
    void rotateMakesANewCurrentVersion() throws Exception {
        CliRunner.Result put = run("profile", "put", "release", "--platform", "Signet-CMS-SHA256-ECDSA");
        assertThat(put.exitCode()).as(put.out() + put.err()).isEqualTo(ExitCode.OK);
        String before = version();

        CliRunner.Result rotated = run("profile", "rotate", "release", "--output", "json");
        assertThat(rotated.exitCode()).as(rotated.out() + rotated.err()).isEqualTo(ExitCode.OK);
        JsonNode shown = JSON.readTree(rotated.out());
        assertThat(shown.get("certificateState").asText()).isEqualTo("Issued");
        assertThat(shown.get("profileVersion").asText()).isNotEqualTo(before).isEqualTo(version());

        CliRunner.Result text = run("profile", "rotate", "release");
        assertThat(text.exitCode()).as(text.out() + text.err()).isEqualTo(ExitCode.OK);
        assertThat(text.out()).contains("release").contains("Active");
    }

    @Test
    void aProfileWaitingForAnOutsideCertificateIsNotRotated() {
        CliRunner.Result put =
                run("profile", "put", "outside", "--platform", "Signet-CMS-SHA256-ECDSA", "--external-certificate");
        assertThat(put.exitCode()).as(put.out() + put.err()).isEqualTo(ExitCode.OK);

        CliRunner.Result refused = run("profile", "rotate", "outside");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(refused.err()).contains("is waiting for the certificate of its first key");
    }

    private static String version() throws Exception {
        CliRunner.Result get = run("profile", "get", "release", "--output", "json");
        assertThat(get.exitCode()).as(get.out() + get.err()).isEqualTo(ExitCode.OK);
        return JSON.readTree(get.out()).get("profileVersion").asText();
    }

    private static CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(server.endpoint().toString());
        return cli.run(all.toArray(String[]::new));
    }
}
