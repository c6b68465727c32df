package dev.signet.server.http.sts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import dev.signet.server.testing.AwsCli;
import dev.signet.server.testing.OidcIssuer;
import dev.signet.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v1's {@code aws iam create-open-id-connect-provider} and {@code aws sts
 * assume-role-with-web-identity} (which the CLI sends unsigned) against a real server and a local
 * OIDC issuer, as a CI job runs them. Fails when {@code aws} is missing.
 */
class AwsCliWebIdentityTest {
    static TestServer server;
    static OidcIssuer issuer;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        issuer = OidcIssuer.start();
    }

    @AfterAll
    static void stop() {
        issuer.close();
        server.close();
    }

    @Test
    void aCiJobRegistersTheIssuerAndAssumesTheRoleWithItsToken(@TempDir Path work) throws Exception {
        AwsCli cli = AwsCli.of(1, server, work);
        JsonNode created = cli.ok(
                "iam",
                "create-open-id-connect-provider",
                "--url",
                issuer.url(),
                "--client-id-list",
                "signet",
                "--thumbprint-list",
                "a".repeat(40));
        String providerArn = "arn:aws:iam::000000000000:oidc-provider/" + issuer.key();
        assertThat(created.get("OpenIDConnectProviderArn").asText()).isEqualTo(providerArn);
        cli.ok(
                "iam",
                "create-role",
                "--role-name",
                "ci-release",
                "--assume-role-policy-document",
                "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"Federated\":"
                        + " \"" + providerArn + "\"}, \"Action\": \"sts:AssumeRoleWithWebIdentity\", \"Condition\":"
                        + " {\"StringEquals\": {\"" + issuer.key() + ":aud\": \"signet\"}, \"StringLike\": {\""
                        + issuer.key() + ":sub\": \"repo:acme/app:*\"}}}]}");
        String token = issuer.sign(
                JWSAlgorithm.ES256,
                issuer.claims(Instant.now(), "signet", "repo:acme/app:ref:refs/heads/main")
                        .build());
        Path tokenFile = Files.writeString(work.resolve("token"), token);

        JsonNode assumed = cli.ok(
                "sts",
                "assume-role-with-web-identity",
                "--role-arn",
                "arn:aws:iam::000000000000:role/ci-release",
                "--role-session-name",
                "pipeline-42",
                "--web-identity-token",
                "file://" + tokenFile);
        String arn = "arn:aws:sts::000000000000:assumed-role/ci-release/pipeline-42";
        assertThat(assumed.at("/AssumedRoleUser/Arn").asText()).isEqualTo(arn);
        assertThat(assumed.get("SubjectFromWebIdentityToken").asText()).isEqualTo("repo:acme/app:ref:refs/heads/main");
        assertThat(assumed.get("Audience").asText()).isEqualTo("signet");
        JsonNode credentials = assumed.get("Credentials");
        JsonNode me = cli.okWithSession(
                credentials.get("AccessKeyId").asText(),
                credentials.get("SecretAccessKey").asText(),
                credentials.get("SessionToken").asText(),
                "sts",
                "get-caller-identity");
        assertThat(me.get("Arn").asText()).isEqualTo(arn);

        AwsCli.Result refused = cli.run(
                "sts",
                "assume-role-with-web-identity",
                "--role-arn",
                "arn:aws:iam::000000000000:role/ci-release",
                "--role-session-name",
                "pipeline-43",
                "--web-identity-token",
                token.substring(0, token.length() - 4) + "AAAA");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("InvalidIdentityToken");
    }
}
