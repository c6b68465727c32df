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
import software.amazon.awssdk.services.iam.model.GetGroupResponse;
import software.amazon.awssdk.services.iam.model.Group;
import software.amazon.awssdk.services.iam.model.User;

/** Groups and inline policies through the AWS SDK for Java v2's IAM client, against a real server. */
class IamGroupsAndPoliciesSdkTest {
    static final String POLICY = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Action\": \"signer:GetSigningProfile\", \"Resource\": \"*\","
            + " \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"a b+c%\"}}}]\n}";

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
    void groupsRoundTrip() {
        Group group =
                iam.createGroup(r -> r.groupName("Releasers").path("/ci/")).group();
        assertThat(group.arn()).isEqualTo("arn:aws:iam::000000000000:group/ci/Releasers");
        assertThat(group.groupId()).matches("AGPA[A-Z2-7]{17}");
        assertError(
                () -> iam.createGroup(r -> r.groupName("releasers")),
                409,
                "EntityAlreadyExists",
                "Group with name releasers already exists.");

        iam.createUser(r -> r.userName("g-member"));
        iam.addUserToGroup(r -> r.groupName("releasers").userName("g-member"));
        iam.addUserToGroup(r -> r.groupName("Releasers").userName("g-member"));
        GetGroupResponse got = iam.getGroup(r -> r.groupName("Releasers"));
        assertThat(got.group().groupId()).isEqualTo(group.groupId());
        assertThat(got.users()).extracting(User::userName).containsExactly("g-member");
        assertThat(iam.listGroupsForUser(r -> r.userName("g-member")).groups())
                .extracting(Group::groupName)
                .containsExactly("Releasers");

        assertError(
                () -> iam.deleteGroup(r -> r.groupName("Releasers")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must remove users from group first.");
        assertError(
                () -> iam.deleteUser(r -> r.userName("g-member")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must remove user from all groups first.");
        iam.removeUserFromGroup(r -> r.groupName("Releasers").userName("g-member"));
        assertError(
                () -> iam.removeUserFromGroup(r -> r.groupName("Releasers").userName("g-member")),
                404,
                "NoSuchEntity",
                "The user with name g-member cannot be found in group Releasers.");
        assertThat(iam.listGroupsForUser(r -> r.userName("g-member")).groups()).isEmpty();

        iam.putGroupPolicy(r -> r.groupName("Releasers").policyName("sign").policyDocument(POLICY));
        assertError(
                () -> iam.deleteGroup(r -> r.groupName("Releasers")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must delete policies first.");
        assertError(
                () -> iam.getGroup(r -> r.groupName("nobody")),
                404,
                "NoSuchEntity",
                "The group with name nobody cannot be found.");
        assertError(
                () -> iam.addUserToGroup(r -> r.groupName("Releasers").userName("ghost")),
                404,
                "NoSuchEntity",
                "The user with name ghost cannot be found.");
    }

    @Test
    void userInlinePoliciesRoundTrip() {
        iam.createUser(r -> r.userName("p-user"));
        iam.putUserPolicy(r -> r.userName("p-user").policyName("Sign").policyDocument(POLICY));
        var got = iam.getUserPolicy(r -> r.userName("p-user").policyName("sign"));
        assertThat(got.policyName()).isEqualTo("Sign");
        assertThat(got.userName()).isEqualTo("p-user");
        assertThat(URLDecoder.decode(got.policyDocument(), StandardCharsets.UTF_8))
                .isEqualTo(POLICY);
        assertThat(got.policyDocument()).doesNotContain(" ").contains("%20");
        assertThat(iam.listUserPolicies(r -> r.userName("p-user")).policyNames())
                .containsExactly("Sign");

        assertError(
                () -> iam.deleteUser(r -> r.userName("p-user")),
                409,
                "DeleteConflict",
                "Cannot delete entity, must delete policies first.");
        assertError(
                () -> iam.putUserPolicy(
                        r -> r.userName("p-user").policyName("bad").policyDocument("{\"Version\": ")),
                400,
                "MalformedPolicyDocument",
                "Syntax errors in policy.");
        assertError(
                () -> iam.putUserPolicy(
                        r -> r.userName("p-user").policyName("array").policyDocument("[1]")),
                400,
                "MalformedPolicyDocument",
                "Syntax errors in policy.");
        String big = POLICY.replace("\"Action\"", "\"Sid\": \"" + "x".repeat(2048) + "\", \"Action\"");
        assertError(
                () -> iam.putUserPolicy(
                        r -> r.userName("p-user").policyName("big").policyDocument(big)),
                409,
                "LimitExceeded",
                "Maximum policy size of 2048 bytes exceeded for user p-user");
        assertThat(iam.listUserPolicies(r -> r.userName("p-user")).policyNames())
                .as("nothing stored by the refused puts")
                .containsExactly("Sign");

        iam.deleteUserPolicy(r -> r.userName("p-user").policyName("SIGN"));
        assertError(
                () -> iam.getUserPolicy(r -> r.userName("p-user").policyName("Sign")),
                404,
                "NoSuchEntity",
                "The user policy with name Sign cannot be found.");
        iam.deleteUser(r -> r.userName("p-user"));
    }
}
