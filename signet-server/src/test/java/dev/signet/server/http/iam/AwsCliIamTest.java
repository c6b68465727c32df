package dev.signet.server.http.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v1 ({@code aws iam}, {@code aws sts}) against a real server. Fails when {@code aws} is missing. */
class AwsCliIamTest {
    static TestServer server;

    @TempDir
    Path work;

    AwsCli cli;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void cli() throws Exception {
        cli = AwsCli.of(1, server, work);
    }

    void assertError(AwsCli.Result r, String code, String message) {
        assertThat(r.exit()).as(r.err()).isNotZero();
        assertThat(r.err()).contains("(" + code + ")").contains(message);
    }

    @Test
    void usersAndAccessKeysRoundTrip() throws Exception {
        JsonNode created = cli.ok(
                "iam",
                "create-user",
                "--user-name",
                "cli-carol",
                "--path",
                "/cli/",
                "--tags",
                "Key=team,Value=release");
        assertThat(created.at("/User/Arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/cli/cli-carol");
        assertThat(cli.ok("iam", "get-user", "--user-name", "cli-carol")
                        .at("/User/Tags/0/Value")
                        .asText())
                .isEqualTo("release");
        cli.ok("iam", "tag-user", "--user-name", "cli-carol", "--tags", "Key=site,Value=b");
        assertThat(cli.ok("iam", "get-user", "--user-name", "cli-carol").at("/User/Tags"))
                .hasSize(2);
        assertThat(cli.ok("iam", "list-users", "--path-prefix", "/cli/")
                        .at("/Users/0/UserName")
                        .asText())
                .isEqualTo("cli-carol");
        assertThat(cli.ok("iam", "get-user").at("/User/Arn").asText())
                .isEqualTo("arn:aws:iam::000000000000:user/admin");

        JsonNode key =
                cli.ok("iam", "create-access-key", "--user-name", "cli-carol").get("AccessKey");
        String keyId = key.get("AccessKeyId").asText();
        assertThat(cli.ok("iam", "list-access-keys", "--user-name", "cli-carol")
                        .at("/AccessKeyMetadata/0/AccessKeyId")
                        .asText())
                .isEqualTo(keyId);

        // the new key, through the environment (which the CLI prefers to the profile)
        JsonNode me = cli.okWithKey(keyId, key.get("SecretAccessKey").asText(), "sts", "get-caller-identity");
        assertThat(me.get("Arn").asText()).isEqualTo("arn:aws:iam::000000000000:user/cli/cli-carol");
        assertThat(cli.ok("iam", "get-access-key-last-used", "--access-key-id", keyId)
                        .at("/AccessKeyLastUsed/ServiceName")
                        .asText())
                .isEqualTo("sts");
        AwsCli.Result denied =
                cli.runWithKey(keyId, key.get("SecretAccessKey").asText(), "signer", "list-signing-profiles");
        assertError(
                denied,
                "AccessDeniedException",
                "User: arn:aws:iam::000000000000:user/cli/cli-carol is not authorized to perform: signer:*");

        cli.ok(
                "iam",
                "update-access-key",
                "--user-name",
                "cli-carol",
                "--access-key-id",
                keyId,
                "--status",
                "Inactive");
        assertError(
                cli.runWithKey(keyId, key.get("SecretAccessKey").asText(), "sts", "get-caller-identity"),
                "InvalidClientTokenId",
                "The security token included in the request is invalid.");
        assertError(
                cli.run("iam", "delete-user", "--user-name", "cli-carol"),
                "DeleteConflict",
                "Cannot delete entity, must delete access keys first.");
        cli.ok("iam", "delete-access-key", "--user-name", "cli-carol", "--access-key-id", keyId);
        cli.ok("iam", "delete-user", "--user-name", "cli-carol");
        assertError(
                cli.run("iam", "get-user", "--user-name", "cli-carol"),
                "NoSuchEntity",
                "The user with name cli-carol cannot be found.");
    }

    @Test
    void errorsCarryIamCodesAndMessages() throws Exception {
        cli.ok("iam", "create-user", "--user-name", "cli-dup");
        assertError(
                cli.run("iam", "create-user", "--user-name", "CLI-DUP"),
                "EntityAlreadyExists",
                "User with name CLI-DUP already exists.");
        assertError(
                cli.run("iam", "list-users", "--max-items", "1", "--starting-token", "not-a-marker"),
                "ValidationError",
                "at 'marker' failed to satisfy constraint");
        cli.ok("iam", "create-access-key", "--user-name", "cli-dup");
        cli.ok("iam", "create-access-key", "--user-name", "cli-dup");
        assertError(
                cli.run("iam", "create-access-key", "--user-name", "cli-dup"),
                "LimitExceeded",
                "Cannot exceed quota for AccessKeysPerUser: 2");
    }
}
