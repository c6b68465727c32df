package dev.signet.server.http.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aws iam simulate-custom-policy} and {@code simulate-principal-policy} (the AWS CLI v1)
 * against a real server: a user tests a policy before deploying it, then the deployed one. Fails
 * when {@code aws} is missing.
 */
class AwsCliSimulationTest {
    static final String POLICY = "{\"Version\": \"2012-10-17\", \"Statement\": ["
            + "{\"Effect\": \"Allow\", \"Action\": \"signer:*\", \"Resource\": \"*\","
            + " \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"}}},"
            + "{\"Effect\": \"Deny\", \"Action\": \"signer:RevokeSignature\", \"Resource\": \"*\"}]}";

    static TestServer server;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void simulatesCustomAndPrincipalPolicies() throws Exception {
        AwsCli cli = AwsCli.of(1, server, work);
        JsonNode custom = cli.ok(
                "iam",
                "simulate-custom-policy",
                "--policy-input-list",
                POLICY,
                "--action-names",
                "signer:SignPayload",
                "signer:RevokeSignature",
                "s3:GetObject",
                "--context-entries",
                "ContextKeyName=aws:SourceIp,ContextKeyValues=10.1.2.3,ContextKeyType=ip");
        JsonNode results = custom.get("EvaluationResults");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("EvalDecision").asText()).isEqualTo("allowed");
        assertThat(results.get(0).at("/MatchedStatements/0/SourcePolicyId").asText())
                .isEqualTo("PolicyInputList.1");
        assertThat(results.get(0).at("/MatchedStatements/0/StartPosition/Line").asInt())
                .isEqualTo(1);
        assertThat(results.get(1).get("EvalDecision").asText()).isEqualTo("explicitDeny");
        assertThat(results.get(2).get("EvalDecision").asText()).isEqualTo("implicitDeny");

        JsonNode missing = cli.ok(
                "iam", "simulate-custom-policy", "--policy-input-list", POLICY, "--action-names", "signer:SignPayload");
        assertThat(missing.at("/EvaluationResults/0/EvalDecision").asText()).isEqualTo("implicitDeny");
        assertThat(missing.at("/EvaluationResults/0/MissingContextValues/0").asText())
                .isEqualTo("aws:SourceIp");

        String arn = cli.ok("iam", "create-user", "--user-name", "cli-sim")
                .at("/User/Arn")
                .asText();
        cli.ok("iam", "put-user-policy", "--user-name", "cli-sim", "--policy-name", "p", "--policy-document", POLICY);
        JsonNode principal = cli.ok(
                "iam",
                "simulate-principal-policy",
                "--policy-source-arn",
                arn,
                "--action-names",
                "signer:GetSigningProfile",
                "--resource-arns",
                "arn:aws:signer:us-east-1:000000000000:/signing-profiles/release",
                "--context-entries",
                "ContextKeyName=aws:SourceIp,ContextKeyValues=192.0.2.1,ContextKeyType=ip");
        JsonNode result = principal.at("/EvaluationResults/0");
        assertThat(result.get("EvalDecision").asText()).isEqualTo("implicitDeny");
        assertThat(result.at("/ResourceSpecificResults/0/EvalResourceName").asText())
                .isEqualTo("arn:aws:signer:us-east-1:000000000000:/signing-profiles/release");

        AwsCli.Result refused = cli.run(
                "iam",
                "simulate-principal-policy",
                "--policy-source-arn",
                "arn:aws:iam::000000000000:user/nobody",
                "--action-names",
                "signer:SignPayload");
        assertThat(refused.exit()).as(refused.err()).isNotZero();
        assertThat(refused.err()).contains("(NoSuchEntity)").contains("The user with name nobody cannot be found.");
    }
}
