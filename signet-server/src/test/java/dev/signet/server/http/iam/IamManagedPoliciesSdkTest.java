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
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.PolicyScopeType;
import software.amazon.awssdk.services.iam.model.PolicyVersion;

/** Customer managed policies through the AWS SDK for Java v2's IAM client, against a real server. */
class IamManagedPoliciesSdkTest {
    static final String DOCUMENT =
            "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"signer:*\", \"Resource\": \"*\"}]}";

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
    void managedPoliciesRoundTripAndAttach() {
        Policy created = iam.createPolicy(r -> r.policyName("SignAll")
                        .path("/team/")
                        .policyDocument(DOCUMENT)
                        .description("may sign"))
                .policy();
        String arn = "arn:aws:iam::000000000000:policy/team/SignAll";
        assertThat(created.arn()).isEqualTo(arn);
        assertThat(created.policyId()).matches("ANPA[A-Z2-7]{17}");
        assertThat(created.defaultVersionId()).isEqualTo("v1");
        assertThat(created.attachmentCount()).isZero();

        PolicyVersion v1 =
                iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion();
        assertThat(URLDecoder.decode(v1.document(), StandardCharsets.UTF_8)).isEqualTo(DOCUMENT);
        assertThat(v1.isDefaultVersion()).isTrue();
        assertError(
                () -> iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v2")),
                404,
                "NoSuchEntity",
                "Policy " + arn + " version v2 does not exist.");

        iam.createUser(r -> r.userName("m-user"));
        iam.createRole(r -> r.roleName("m-role").assumeRolePolicyDocument(IamRolesSdkTest.TRUST));
        iam.createGroup(r -> r.groupName("m-group"));
        iam.attachUserPolicy(r -> r.userName("m-user").policyArn(arn));
        iam.attachRolePolicy(r -> r.roleName("m-role").policyArn(arn));
        iam.attachGroupPolicy(r -> r.groupName("m-group").policyArn(arn));
        assertThat(iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount())
                .isEqualTo(3);
        assertThat(iam.listAttachedUserPolicies(r -> r.userName("m-user")).attachedPolicies())
                .extracting(AttachedPolicy::policyArn)
                .containsExactly(arn);
        assertThat(iam.listAttachedRolePolicies(r -> r.roleName("m-role")).attachedPolicies())
                .extracting(AttachedPolicy::policyName)
                .containsExactly("SignAll");
        assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.LOCAL)
                                .onlyAttached(true)
                                .pathPrefix("/team/"))
                        .policies())
                .extracting(Policy::arn)
                .containsExactly(arn);

        assertError(
                () -> iam.deletePolicy(r -> r.policyArn(arn)),
                409,
                "DeleteConflict",
                "Cannot delete a policy attached to entities.");
        assertError(
                () -> iam.deleteUser(r -> r.userName("m-user")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must detach all policies first.");
        assertError(
                () -> iam.deleteRole(r -> r.roleName("m-role")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must detach all policies first.");
        assertError(
                () -> iam.deleteGroup(r -> r.groupName("m-group")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must detach all policies first.");

        iam.detachUserPolicy(r -> r.userName("m-user").policyArn(arn));
        iam.detachRolePolicy(r -> r.roleName("m-role").policyArn(arn));
        assertError(
                () -> iam.detachRolePolicy(r -> r.roleName("m-role").policyArn(arn)),
                404,
                "NoSuchEntity",
                "Policy " + arn + " was not found.");
        assertThat(iam.listAttachedUserPolicies(r -> r.userName("m-user")).attachedPolicies())
                .isEmpty();
        iam.deleteUser(r -> r.userName("m-user"));
        iam.deleteRole(r -> r.roleName("m-role"));
    }

    @Test
    void listsPoliciesAndRefusesBadInput() {
        for (String name : java.util.List.of("lp-b", "lp-a", "lp-c")) {
            iam.createPolicy(r -> r.policyName(name).path("/lp/").policyDocument(DOCUMENT));
        }
        ListPoliciesResponse first = iam.listPolicies(r -> r.pathPrefix("/lp/").maxItems(2));
        assertThat(first.policies()).extracting(Policy::policyName).containsExactly("lp-a", "lp-b");
        assertThat(first.isTruncated()).isTrue();
        assertThat(iam.listPolicies(r -> r.pathPrefix("/lp/").marker(first.marker()))
                        .policies())
                .extracting(Policy::policyName)
                .containsExactly("lp-c");
        assertThat(iam.listPolicies(r -> r.scope(PolicyScopeType.AWS)).policies())
                .isEmpty();

        assertError(
                () -> iam.createPolicy(r -> r.policyName("LP-A").policyDocument(DOCUMENT)),
                409,
                "EntityAlreadyExists",
                "A policy called LP-A already exists. Duplicate names are not allowed.");
        assertError(
                () -> iam.createPolicy(r -> r.policyName("broken").policyDocument("{")),
                400,
                "MalformedPolicyDocument",
                "Syntax errors in policy.");
        assertError(
                () -> iam.getPolicy(r -> r.policyArn("arn:aws:iam::aws:policy/AdministratorAccess")),
                404,
                "NoSuchEntity",
                "Policy arn:aws:iam::aws:policy/AdministratorAccess does not exist or is not attachable.");
        iam.createUser(r -> r.userName("lp-user"));
        for (int i = 0; i < 10; i++) {
            String name = "q" + i;
            String arn = iam.createPolicy(r -> r.policyName(name).policyDocument(DOCUMENT))
                    .policy()
                    .arn();
            iam.attachUserPolicy(r -> r.userName("lp-user").policyArn(arn));
        }
        String eleventh = "arn:aws:iam::000000000000:policy/lp/lp-a";
        assertError(
                () -> iam.attachUserPolicy(r -> r.userName("lp-user").policyArn(eleventh)),
                409,
                "LimitExceeded",
                "Cannot exceed quota for PoliciesPerUser: 10");
        iam.deletePolicy(r -> r.policyArn(eleventh));
        assertError(
                () -> iam.getPolicy(r -> r.policyArn(eleventh)),
                404,
                "NoSuchEntity",
                "Policy " + eleventh + " does not exist or is not attachable.");
    }
}
