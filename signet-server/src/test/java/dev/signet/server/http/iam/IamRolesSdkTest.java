package dev.signet.server.http.iam;

import static dev.signet.server.http.iam.IamSdkTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/** Roles and their inline policies through the AWS SDK for Java v2's IAM client, against a real server. */
class IamRolesSdkTest {
    static final String TRUST = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Principal\": {\"AWS\": \"arn:aws:iam::000000000000:root\"}, \"Action\": \"sts:AssumeRole\"}]}";
    static final String POLICY =
            "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"signer:*\", \"Resource\": \"*\"}]}";

    static TestServer server;
    static IamClient iam;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        iam = IamSdkTest.iamOf(server, server.credentialsProvider());
    }

    @AfterAll
    static void stop() {
        iam.close();
        server.close();
    }

    @Test
    void rolesRoundTrip() {
        Role created = iam.createRole(r -> r.roleName("Release")
                        .path("/ci/")
                        .assumeRolePolicyDocument(TRUST)
                        .description("signs releases")
                        .maxSessionDuration(7200)
                        .tags(Tag.builder().key("team").value("rel").build()))
                .role();
        assertThat(created.arn()).isEqualTo("arn:aws:iam::000000000000:role/ci/Release");
        assertThat(created.roleId()).matches("AROA[A-Z2-7]{17}");
        Role got = iam.getRole(r -> r.roleName("release")).role();
        assertThat(got.roleId()).isEqualTo(created.roleId());
        assertThat(URLDecoder.decode(got.assumeRolePolicyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(TRUST);
        assertThat(got.description()).isEqualTo("signs releases");
        assertThat(got.maxSessionDuration()).isEqualTo(7200);
        assertThat(got.tags())
                .containsExactly(Tag.builder().key("team").value("rel").build());

        String newTrust = TRUST.replace("root", "user/admin");
        iam.updateAssumeRolePolicy(r -> r.roleName("Release").policyDocument(newTrust));
        assertThat(URLDecoder.decode(
                        iam.getRole(r -> r.roleName("Release")).role().assumeRolePolicyDocument(),
                        StandardCharsets.UTF_8))
                .isEqualTo(newTrust);

        iam.putRolePolicy(r -> r.roleName("Release").policyName("Sign").policyDocument(POLICY));
        var policy = iam.getRolePolicy(r -> r.roleName("Release").policyName("sign"));
        assertThat(policy.roleName()).isEqualTo("Release");
        assertThat(URLDecoder.decode(policy.policyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertThat(iam.listRolePolicies(r -> r.roleName("Release")).policyNames())
                .containsExactly("Sign");
        assertError(
                () -> iam.deleteRole(r -> r.roleName("Release")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must delete policies first.");
        iam.deleteRolePolicy(r -> r.roleName("Release").policyName("Sign"));
        assertError(
                () -> iam.getRolePolicy(r -> r.roleName("Release").policyName("Sign")),
                404,
                "NoSuchEntity",
                "The role policy with name Sign cannot be found.");
        iam.deleteRole(r -> r.roleName("Release"));
        assertError(
                () -> iam.getRole(r -> r.roleName("Release")),
                404,
                "NoSuchEntity",
                "The role with name Release cannot be found.");
    }

    @Test
    void listsRolesPageByPageAndRefusesBadInput() {
        for (String name : java.util.List.of("r-b", "r-a", "r-c")) {
            iam.createRole(r -> r.roleName(name).path("/list/").assumeRolePolicyDocument(TRUST));
        }
        ListRolesResponse first = iam.listRoles(r -> r.pathPrefix("/list/").maxItems(2));
        assertThat(first.roles()).extracting(Role::roleName).containsExactly("r-a", "r-b");
        assertThat(first.isTruncated()).isTrue();
        assertThat(iam.listRoles(r -> r.pathPrefix("/list/").marker(first.marker()))
                        .roles())
                .extracting(Role::roleName)
                .containsExactly("r-c");

        assertError(
                () -> iam.createRole(r -> r.roleName("R-A").assumeRolePolicyDocument(TRUST)),
                409,
                "EntityAlreadyExists",
                "Role with name R-A already exists.");
        assertError(
                () -> iam.createRole(r -> r.roleName("bad-trust").assumeRolePolicyDocument("not json")),
                400,
                "MalformedPolicyDocument",
                "Syntax errors in policy.");
        assertError(
                () -> iam.createRole(
                        r -> r.roleName("short").assumeRolePolicyDocument(TRUST).maxSessionDuration(60)),
                400,
                "ValidationError",
                "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member"
                        + " must have value greater than or equal to 3600");
        assertError(
                () -> iam.createRole(r -> r.roleName("x".repeat(65)).assumeRolePolicyDocument(TRUST)),
                400,
                "ValidationError",
                "1 validation error detected: Value '" + "x".repeat(65)
                        + "' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64");
        String big = TRUST.replace("\"Action\"", "\"Sid\": \"" + "x".repeat(2048) + "\", \"Action\"");
        assertError(
                () -> iam.updateAssumeRolePolicy(r -> r.roleName("r-a").policyDocument(big)),
                409,
                "LimitExceeded",
                "Cannot exceed quota for ACLSizePerRole: 2048");
        assertThat(iam.listRoles(r -> r.pathPrefix("/list/")).roles())
                .as("nothing else created")
                .hasSize(3);
    }
}
