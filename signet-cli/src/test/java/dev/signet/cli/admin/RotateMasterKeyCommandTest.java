package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet admin rotate-master-key} on a data directory: refused while its server answers,
 * done once it stopped; the server then starts on the new key with everything it had.
 */
class RotateMasterKeyCommandTest {
    @TempDir
    Path dir;

    @Test
    void rotatesOnlyAStoppedDeploymentAndTheServerKeepsEverything() throws Exception {
        Path data = dir.resolve("data");
        CliRunner cli = new CliRunner(Map.of("SIGNET_HOME", data.toString()), dir);
        byte[] before;
        try (SignetServer server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data))) {
            Files.writeString(DataDir.endpointFile(data), "http://127.0.0.1:" + server.port() + "\n");
            CliRunner.Result put = cli.run(
                    "profile",
                    "put",
                    "kept",
                    "--platform",
                    "Signet-CMS-SHA256-ECDSA",
                    "--endpoint",
                    "http://127.0.0.1:" + server.port());
            assertThat(put.exitCode()).as(put.out() + put.err()).isEqualTo(ExitCode.OK);
            before = Files.readAllBytes(data.resolve("master.key"));

            CliRunner.Result refused = cli.run("admin", "rotate-master-key");
            assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).contains("a Signet server is running at http://127.0.0.1:" + server.port());
            assertThat(Files.readAllBytes(data.resolve("master.key"))).isEqualTo(before);
        }

        CliRunner.Result rotated = cli.run("admin", "rotate-master-key");
        assertThat(rotated.exitCode()).as(rotated.out() + rotated.err()).isEqualTo(ExitCode.OK);
        assertThat(rotated.out())
                .containsPattern("re-sealed [0-9]+ keys, 1 access keys and 0 session secrets")
                .contains(data.resolve("master.key").toAbsolutePath().toString());
        assertThat(Files.readAllBytes(data.resolve("master.key"))).isNotEqualTo(before);
        assertThat(data.resolve("master.key.next")).doesNotExist();

        try (SignetServer server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data))) {
            String endpoint = "http://127.0.0.1:" + server.port();
            CliRunner.Result get = cli.run("profile", "get", "kept", "--endpoint", endpoint);
            assertThat(get.exitCode()).as(get.out() + get.err()).isEqualTo(ExitCode.OK);
            Path artifact = Files.writeString(dir.resolve("a.txt"), "artifact\n");
            CliRunner.Result sign = cli.run("sign", artifact.toString(), "--profile", "kept", "--endpoint", endpoint);
            assertThat(sign.exitCode()).as(sign.out() + sign.err()).isEqualTo(ExitCode.OK);
        }
    }
}
