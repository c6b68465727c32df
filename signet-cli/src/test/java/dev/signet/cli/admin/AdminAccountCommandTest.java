package dev.signet.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code signet admin account create} and {@code list} in process against a real server: the new
 * account's key works and is refused the account routes; the credentials file gets the profile and
 * keeps the others; refusals happen before anything is created.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAccountCommandTest {
    @TempDir
    static Path dir;

    private SignetServer server;
    private Path data;
    private String endpoint;

    @BeforeAll
    void startServer() {
        data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        endpoint = server.endpoint().toString();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private CliRunner.Result run(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--endpoint");
        all.add(endpoint);
        return new CliRunner(env, dir).run(all.toArray(String[]::new));
    }

    private CliRunner.Result asBootstrap(String... args) {
        return run(Map.of("SIGNET_HOME", data.toString()), args);
    }

    private int accounts() {
        CliRunner.Result list = asBootstrap("admin", "account", "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        return (int) list.out().lines().count();
    }

    @Test
    void createsAnAccountIntoACredentialsFileWhoseKeyIsTheNewAccountsAdministrator() throws Exception {
        Path creds = dir.resolve("team-creds");
        Files.writeString(creds, "[other]\naws_access_key_id = X\naws_secret_access_key = Y\n");

        CliRunner.Result created = asBootstrap(
                "admin",
                "account",
                "create",
                "--name",
                "team c",
                "--credentials-out",
                "team-creds",
                "--profile-name",
                "team-c",
                "-o",
                "json");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out())
                .contains("\"name\": \"team c\"", "\"profile\": \"team-c\"")
                .doesNotContain("secretAccessKey");
        CredentialsFile file = CredentialsFile.read(creds).orElseThrow();
        assertThat(file.accessKey("other")).contains(new AccessKey("X", "Y"));
        AccessKey key = file.accessKey("team-c").orElseThrow();
        assertThat(created.out()).contains("\"accessKeyId\": \"" + key.id() + "\"");

        Map<String, String> asC = Map.of(
                "SIGNET_HOME", data.toString(), "AWS_ACCESS_KEY_ID", key.id(), "AWS_SECRET_ACCESS_KEY", key.secret());
        CliRunner.Result profiles = run(asC, "profile", "list");
        assertThat(profiles.exitCode()).as(profiles.err()).isZero();
        CliRunner.Result refused = run(asC, "admin", "account", "list");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(refused.err())
                .contains("403 AccessDeniedException", "signet:ListAccounts", "no resource-based policy");
    }

    @Test
    void printsTheSecretOnceWithoutAFileAndListsTheAccount() {
        CliRunner.Result created = asBootstrap("admin", "account", "create");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String account = created.out()
                .lines()
                .filter(l -> l.startsWith("account:"))
                .findFirst()
                .orElseThrow()
                .replaceAll("account: +([0-9]{12}) .*", "$1");
        assertThat(account).matches("[0-9]{12}");
        assertThat(created.out()).contains("arn:aws:iam::" + account + ":user/admin", "secret access key: ");

        CliRunner.Result list = asBootstrap("admin", "account", "list");
        assertThat(list.out()).contains(account + "  ACTIVE").contains("000000000000  ACTIVE");
    }

    @Test
    void refusalsComeBeforeAnythingIsCreated() throws Exception {
        int before = accounts();
        Path creds = dir.resolve("taken-creds");
        Files.writeString(creds, "[taken]\naws_access_key_id = X\naws_secret_access_key = Y\n");

        CliRunner.Result taken = asBootstrap(
                "admin", "account", "create", "--credentials-out", "taken-creds", "--profile-name", "taken");
        assertThat(taken.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(taken.err()).contains("already has a profile [taken]");

        CliRunner.Result noFile = asBootstrap("admin", "account", "create", "--profile-name", "p");
        assertThat(noFile.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noFile.err()).contains("--credentials-out");

        CliRunner.Result badName = asBootstrap("admin", "account", "create", "--name", "x".repeat(51));
        assertThat(badName.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(badName.err()).contains("name must be 1 to 50 printable ASCII characters");

        assertThat(accounts()).isEqualTo(before);
    }
}
