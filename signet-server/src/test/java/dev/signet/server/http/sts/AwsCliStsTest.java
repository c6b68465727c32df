package dev.signet.server.http.sts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AWS CLI v1's {@code aws sts assume-role} against a real server. Fails when {@code aws} is missing. */
class AwsCliStsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void assumeRoleGivesCredentialsTheCliSignsWith(@TempDir Path work) throws Exception {
        AwsCli cli = AwsCli.of(1, server, work);
        cli.ok(
                "iam",
                "create-role",
                "--role-name",
                "cli-role",
                "--assume-role-policy-document",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\":"
                        + " \"arn:aws:iam::000000000000:root\"}, \"Action\": \"sts:AssumeRole\"}]}");
        JsonNode assumed = cli.ok(
                "sts",
                "assume-role",
                "--role-arn",
                "arn:aws:iam::000000000000:role/cli-role",
                "--role-session-name",
                "cli-session",
                "--duration-seconds",
                "900");
        String arn = "arn:aws:sts::000000000000:assumed-role/cli-role/cli-session";
        assertThat(assumed.at("/AssumedRoleUser/Arn").asText()).isEqualTo(arn);
        JsonNode credentials = assumed.get("Credentials");
        assertThat(credentials.get("AccessKeyId").asText()).startsWith("ASIA");
        assertThat(credentials.get("Expiration").asText()).isNotBlank();

        JsonNode me = cli.okWithSession(
                credentials.get("AccessKeyId").asText(),
                credentials.get("SecretAccessKey").asText(),
                credentials.get("SessionToken").asText(),
                "sts",
                "get-caller-identity");
        assertThat(me.get("Arn").asText()).isEqualTo(arn);
    }
}
