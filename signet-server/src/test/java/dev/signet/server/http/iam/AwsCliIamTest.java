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
                "User: arn:aws:iam::000000000000:user/cli/cli-carol is not authorized to perform:"
                        + " signer:ListSigningProfiles on resource: * because no identity-based policy allows the"
                        + " signer:ListSigningProfiles action");

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

    @Test
    void groupsRolesAndPoliciesRoundTrip() throws Exception {
        String doc =
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"signer:*\",\"Resource\":\"*\"}]}";
        cli.ok("iam", "create-user", "--user-name", "cli-dave");
        assertThat(cli.ok("iam", "create-group", "--group-name", "cli-devs")
                        .at("/Group/Arn")
                        .asText())
                .isEqualTo("arn:aws:iam::000000000000:group/cli-devs");
        cli.ok("iam", "add-user-to-group", "--group-name", "cli-devs", "--user-name", "cli-dave");
        assertThat(cli.ok("iam", "get-group", "--group-name", "cli-devs")
                        .at("/Users/0/UserName")
                        .asText())
                .isEqualTo("cli-dave");
        assertThat(cli.ok("iam", "list-groups-for-user", "--user-name", "cli-dave")
                        .at("/Groups/0/GroupName")
                        .asText())
                .isEqualTo("cli-devs");
        cli.ok("iam", "put-group-policy", "--group-name", "cli-devs", "--policy-name", "g", "--policy-document", doc);
        cli.ok("iam", "remove-user-from-group", "--group-name", "cli-devs", "--user-name", "cli-dave");
        assertError(
                cli.run("iam", "delete-group", "--group-name", "cli-devs"),
                "DeleteConflict",
                "Cannot delete entity, must delete policies first.");

        cli.ok("iam", "put-user-policy", "--user-name", "cli-dave", "--policy-name", "p", "--policy-document", doc);
        // the CLI decodes the URL-encoded document and parses it as JSON
        assertThat(cli.ok("iam", "get-user-policy", "--user-name", "cli-dave", "--policy-name", "p")
                        .at("/PolicyDocument/Statement/0/Action")
                        .asText())
                .isEqualTo("signer:*");
        assertThat(cli.ok("iam", "list-user-policies", "--user-name", "cli-dave")
                        .at("/PolicyNames/0")
                        .asText())
                .isEqualTo("p");
        cli.ok("iam", "delete-user-policy", "--user-name", "cli-dave", "--policy-name", "p");

        cli.ok("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", IamRolesSdkTest.TRUST);
        assertThat(cli.ok("iam", "get-role", "--role-name", "cli-role")
                        .at("/Role/AssumeRolePolicyDocument/Version")
                        .asText())
                .isEqualTo("2012-10-17");
        assertThat(cli.ok("iam", "list-roles").at("/Roles/0/RoleName").asText()).isEqualTo("cli-role");
        assertError(
                cli.run("iam", "update-assume-role-policy", "--role-name", "cli-role", "--policy-document", doc),
                "MalformedPolicyDocument",
                "Statement 1 has prohibited field Resource (a trust policy applies to its role)");
        cli.ok(
                "iam",
                "update-assume-role-policy",
                "--role-name",
                "cli-role",
                "--policy-document",
                IamRolesSdkTest.TRUST.replace(":root", ":user/cli-dave"));
        cli.ok("iam", "put-role-policy", "--role-name", "cli-role", "--policy-name", "r", "--policy-document", doc);
        assertThat(cli.ok("iam", "get-role-policy", "--role-name", "cli-role", "--policy-name", "r")
                        .at("/PolicyDocument/Version")
                        .asText())
                .isEqualTo("2012-10-17");
        assertThat(cli.ok("iam", "list-role-policies", "--role-name", "cli-role")
                        .at("/PolicyNames/0")
                        .asText())
                .isEqualTo("r");
        cli.ok("iam", "delete-role-policy", "--role-name", "cli-role", "--policy-name", "r");

        String arn = cli.ok("iam", "create-policy", "--policy-name", "cli-managed", "--policy-document", doc)
                .at("/Policy/Arn")
                .asText();
        assertThat(cli.ok("iam", "get-policy", "--policy-arn", arn)
                        .at("/Policy/DefaultVersionId")
                        .asText())
                .isEqualTo("v1");
        assertThat(cli.ok("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1")
                        .at("/PolicyVersion/Document/Statement/0/Effect")
                        .asText())
                .isEqualTo("Allow");
        assertThat(cli.ok("iam", "list-policies", "--scope", "Local")
                        .at("/Policies/0/Arn")
                        .asText())
                .isEqualTo(arn);
        cli.ok("iam", "attach-user-policy", "--user-name", "cli-dave", "--policy-arn", arn);
        cli.ok("iam", "attach-role-policy", "--role-name", "cli-role", "--policy-arn", arn);
        cli.ok("iam", "attach-group-policy", "--group-name", "cli-devs", "--policy-arn", arn);
        assertThat(cli.ok("iam", "list-attached-user-policies", "--user-name", "cli-dave")
                        .at("/AttachedPolicies/0/PolicyArn")
                        .asText())
                .isEqualTo(arn);
        assertThat(cli.ok("iam", "list-attached-role-policies", "--role-name", "cli-role")
                        .at("/AttachedPolicies/0/PolicyName")
                        .asText())
                .isEqualTo("cli-managed");
        assertError(
                cli.run("iam", "delete-policy", "--policy-arn", arn),
                "DeleteConflict",
                "Cannot delete a policy attached to entities.");
        cli.ok("iam", "detach-user-policy", "--user-name", "cli-dave", "--policy-arn", arn);
        cli.ok("iam", "detach-role-policy", "--role-name", "cli-role", "--policy-arn", arn);
        cli.ok("iam", "delete-role", "--role-name", "cli-role");
        assertError(
                cli.run("iam", "get-role", "--role-name", "cli-role"),
                "NoSuchEntity",
                "The role with name cli-role cannot be found.");
        cli.ok("iam", "delete-user", "--user-name", "cli-dave");
    }
}
