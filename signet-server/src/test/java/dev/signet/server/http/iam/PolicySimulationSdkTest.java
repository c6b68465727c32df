package dev.signet.server.http.iam;

import static dev.signet.server.http.iam.IamSdkTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.PolicySourceType;
import software.amazon.awssdk.services.iam.model.SimulateCustomPolicyResponse;
import software.amazon.awssdk.services.iam.model.Statement;

/**
 * SimulateCustomPolicy and SimulatePrincipalPolicy through the AWS SDK for Java v2's IAM client
 * against a real server: the three decisions, matched statements with their positions, conditions
 * with typed context entries and the keys they miss, resource policies within and across accounts,
 * a user's own, group and managed policies, boundaries, paging, and the refusals.
 */
class PolicySimulationSdkTest {
    static final String ACCOUNT = "000000000000";
    static final String OTHER = "111122223333";
    static final String PROFILE = "arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/release";
    static final String ALLOW_SIGNER = "{\"Version\": \"2012-10-17\",\n \"Statement\": [\n"
            + "  {\"Sid\": \"All\", \"Effect\": \"Allow\", \"Action\": \"signer:*\", \"Resource\": \"*\"}]}";
    static final String DENY_REVOKE = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Deny\","
            + " \"Action\": \"signer:RevokeSignature\", \"Resource\": \"*\"}}";

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

    static ContextEntry entry(String key, ContextKeyTypeEnum type, String... values) {
        return ContextEntry.builder()
                .contextKeyName(key)
                .contextKeyType(type)
                .contextKeyValues(values)
                .build();
    }

    @Test
    void allowExplicitDenyWinsAndImplicitDeny() {
        SimulateCustomPolicyResponse response =
                iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER, DENY_REVOKE)
                        .actionNames("signer:SignPayload", "signer:RevokeSignature", "s3:GetObject"));
        assertThat(response.isTruncated()).isFalse();
        List<EvaluationResult> results = response.evaluationResults();
        assertThat(results)
                .extracting(
                        EvaluationResult::evalActionName,
                        EvaluationResult::evalResourceName,
                        EvaluationResult::evalDecision)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "signer:SignPayload", "*", PolicyEvaluationDecisionType.ALLOWED),
                        org.assertj.core.groups.Tuple.tuple(
                                "signer:RevokeSignature", "*", PolicyEvaluationDecisionType.EXPLICIT_DENY),
                        org.assertj.core.groups.Tuple.tuple(
                                "s3:GetObject", "*", PolicyEvaluationDecisionType.IMPLICIT_DENY));
        Statement allow = results.get(0).matchedStatements().get(0);
        assertThat(allow.sourcePolicyId()).isEqualTo("PolicyInputList.1");
        assertThat(allow.sourcePolicyType()).isEqualTo(PolicySourceType.NONE);
        assertThat(allow.startPosition().line()).isEqualTo(3);
        assertThat(allow.startPosition().column()).isEqualTo(3);
        assertThat(allow.endPosition().line()).isEqualTo(3);
        assertThat(allow.endPosition().column()).isEqualTo(74);
        // the deny is the only statement reported, though the allow matches too
        assertThat(results.get(1).matchedStatements())
                .extracting(Statement::sourcePolicyId)
                .containsExactly("PolicyInputList.2");
        assertThat(results.get(2).matchedStatements()).isEmpty();
        assertThat(results.get(0).evalDecisionDetails()).isEmpty();
        assertThat(results.get(0).resourceSpecificResults()).isEmpty();
    }

    static final String CONDITIONS = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\","
            + " \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::builds\", \"Condition\": {"
            + "\"StringLike\": {\"s3:prefix\": \"home/${aws:username}/*\"},"
            + "\"IpAddress\": {\"aws:SourceIp\": \"10.0.0.0/8\"},"
            + "\"DateLessThan\": {\"aws:CurrentTime\": \"2030-01-01T00:00:00Z\"},"
            + "\"Bool\": {\"aws:SecureTransport\": \"true\"}}}}";

    @Test
    void conditionsReadTypedContextEntries() {
        List<ContextEntry> all = List.of(
                entry("s3:prefix", ContextKeyTypeEnum.STRING, "home/alice/docs"),
                entry("aws:SourceIp", ContextKeyTypeEnum.IP, "10.1.2.3"),
                entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, "2026-12-07T12:00:00Z"),
                entry("aws:SecureTransport", ContextKeyTypeEnum.BOOLEAN, "true"));
        String alice = "arn:aws:iam::" + ACCOUNT + ":user/alice";
        EvaluationResult allowed = iam.simulateCustomPolicy(r -> r.policyInputList(CONDITIONS)
                        .actionNames("s3:ListBucket")
                        .resourceArns("arn:aws:s3:::builds")
                        .callerArn(alice)
                        .contextEntries(all))
                .evaluationResults()
                .get(0);
        assertThat(allowed.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(allowed.resourceSpecificResults()).hasSize(1);
        assertThat(allowed.resourceSpecificResults().get(0).evalResourceName()).isEqualTo("arn:aws:s3:::builds");
        assertThat(allowed.evalDecisionDetails()).isEmpty();

        // each condition can deny: another user's prefix, an outside address, a later date, plain HTTP
        List<List<ContextEntry>> wrong = List.of(
                List.of(
                        all.get(0).toBuilder().contextKeyValues("home/bob/docs").build(),
                        all.get(1),
                        all.get(2),
                        all.get(3)),
                List.of(all.get(0), entry("aws:SourceIp", ContextKeyTypeEnum.IP, "192.0.2.1"), all.get(2), all.get(3)),
                List.of(
                        all.get(0),
                        all.get(1),
                        entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, "2031-01-01"),
                        all.get(3)),
                List.of(
                        all.get(0),
                        all.get(1),
                        all.get(2),
                        entry("aws:SecureTransport", ContextKeyTypeEnum.BOOLEAN, "false")));
        for (List<ContextEntry> entries : wrong) {
            assertThat(iam.simulateCustomPolicy(r -> r.policyInputList(CONDITIONS)
                                    .actionNames("s3:ListBucket")
                                    .callerArn(alice)
                                    .contextEntries(entries))
                            .evaluationResults()
                            .get(0)
                            .evalDecision())
                    .as("%s", entries)
                    .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        }

        // without the entries: the keys the applicable statement reads are reported missing (a
        // statement on one bucket does not apply to the resource "*")
        String anyBucket = CONDITIONS.replace("\"arn:aws:s3:::builds\"", "\"*\"");
        EvaluationResult bare = iam.simulateCustomPolicy(r -> r.policyInputList(anyBucket)
                        .actionNames("s3:ListBucket", "s3:GetObject")
                        .contextEntries(all.get(0)))
                .evaluationResults()
                .get(0);
        assertThat(bare.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(bare.missingContextValues())
                .containsExactly("aws:CurrentTime", "aws:SecureTransport", "aws:SourceIp");
        // for a resource ARN, IAM reports them per resource
        EvaluationResult specific = iam.simulateCustomPolicy(r -> r.policyInputList(CONDITIONS)
                        .actionNames("s3:ListBucket")
                        .resourceArns("arn:aws:s3:::builds")
                        .callerArn(alice)
                        .contextEntries(all.get(0), all.get(1)))
                .evaluationResults()
                .get(0);
        assertThat(specific.missingContextValues()).isEmpty();
        assertThat(specific.resourceSpecificResults().get(0).missingContextValues())
                .containsExactly("aws:CurrentTime", "aws:SecureTransport");

        assertError(
                () -> iam.simulateCustomPolicy(r -> r.policyInputList(CONDITIONS)
                        .actionNames("s3:ListBucket")
                        .contextEntries(entry("aws:SourceIp", ContextKeyTypeEnum.IP, "not-an-address"))),
                400,
                "InvalidInput",
                "Context key aws:SourceIp: \"not-an-address\" is not a ip value.");
        assertError(
                () -> iam.simulateCustomPolicy(r -> r.policyInputList(CONDITIONS)
                        .actionNames("s3:ListBucket")
                        .contextEntries(entry("aws:SourceIp", ContextKeyTypeEnum.IP, "10.0.0.1", "10.0.0.2"))),
                400,
                "InvalidInput",
                "Context key aws:SourceIp of type ip takes one value; use ipList for several.");
    }

    static final String SHARE_WITH_OTHER = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Sid\": \"Share\","
            + " \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"" + OTHER + "\"},"
            + " \"Action\": \"signer:SignPayload\", \"Resource\": \"" + PROFILE + "\"}}";

    @Test
    void resourcePoliciesWithinAndAcrossAccounts() {
        String outsider = "arn:aws:iam::" + OTHER + ":user/partner";
        EvaluationResult both = iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                        .resourcePolicy(SHARE_WITH_OTHER)
                        .callerArn(outsider)
                        .actionNames("signer:SignPayload", "signer:GetSigningProfile")
                        .resourceArns(PROFILE))
                .evaluationResults()
                .get(0);
        assertThat(both.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(both.evalDecisionDetails())
                .isEqualTo(Map.of(
                        "IAM Policy", PolicyEvaluationDecisionType.ALLOWED,
                        "Resource Policy", PolicyEvaluationDecisionType.ALLOWED));
        assertThat(both.matchedStatements())
                .extracting(Statement::sourcePolicyId, Statement::sourcePolicyTypeAsString)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("PolicyInputList.1", "none"),
                        org.assertj.core.groups.Tuple.tuple("ResourcePolicy", "resource"));

        var response = iam.simulateCustomPolicy(r -> r.policyInputList(DENY_REVOKE)
                .resourcePolicy(SHARE_WITH_OTHER)
                .callerArn(outsider)
                .actionNames("signer:SignPayload", "signer:GetSigningProfile")
                .resourceArns(PROFILE));
        // across accounts the resource policy alone is not enough
        EvaluationResult noIdentity = response.evaluationResults().get(0);
        assertThat(noIdentity.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(noIdentity.evalDecisionDetails())
                .containsEntry("IAM Policy", PolicyEvaluationDecisionType.IMPLICIT_DENY)
                .containsEntry("Resource Policy", PolicyEvaluationDecisionType.ALLOWED);
        assertThat(response.evaluationResults().get(1).evalDecisionDetails())
                .containsEntry("Resource Policy", PolicyEvaluationDecisionType.IMPLICIT_DENY);

        // within the account, a resource policy naming the user is enough
        String insider = "arn:aws:iam::" + ACCOUNT + ":user/insider";
        String shareWithInsider = SHARE_WITH_OTHER.replace("\"" + OTHER + "\"", "\"" + insider + "\"");
        EvaluationResult same = iam.simulateCustomPolicy(r -> r.policyInputList(DENY_REVOKE)
                        .resourcePolicy(shareWithInsider)
                        .callerArn(insider)
                        .actionNames("signer:SignPayload")
                        .resourceArns(PROFILE))
                .evaluationResults()
                .get(0);
        assertThat(same.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(same.evalDecisionDetails()).isEmpty();

        // a bucket's ARN names no account: ResourceOwner does
        String bucketPolicy =
                "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\":" + " {\"AWS\": \""
                        + outsider + "\"}, \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::b/*\"}}";
        var bucket = iam.simulateCustomPolicy(r -> r.policyInputList(DENY_REVOKE)
                .resourcePolicy(bucketPolicy)
                .callerArn(outsider)
                .resourceOwner("arn:aws:iam::" + ACCOUNT + ":root")
                .actionNames("s3:GetObject")
                .resourceArns("arn:aws:s3:::b/k"));
        assertThat(bucket.evaluationResults().get(0).evalDecision())
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        var ownBucket = iam.simulateCustomPolicy(r -> r.policyInputList(DENY_REVOKE)
                .resourcePolicy(bucketPolicy)
                .callerArn(outsider)
                .actionNames("s3:GetObject")
                .resourceArns("arn:aws:s3:::b/k"));
        assertThat(ownBucket.evaluationResults().get(0).evalDecision())
                .as("without ResourceOwner the bucket is the caller's own account's")
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);

        assertError(
                () -> iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                        .resourcePolicy(SHARE_WITH_OTHER)
                        .actionNames("signer:SignPayload")),
                400,
                "InvalidInput",
                "CallerArn is required with a ResourcePolicy when the policy source is not an IAM user: the resource"
                        + " policy's Principal needs a caller to match.");
    }

    @Test
    void principalWithGroupManagedAndInlinePolicies() {
        String arn = iam.createUser(r -> r.userName("sim-dev")).user().arn();
        iam.createGroup(r -> r.groupName("sim-readers"));
        iam.addUserToGroup(r -> r.groupName("sim-readers").userName("sim-dev"));
        iam.putGroupPolicy(r -> r.groupName("sim-readers")
                .policyName("read")
                .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\","
                        + " \"Action\": \"signer:GetSigningProfile\", \"Resource\": \"*\"}}"));
        String managed = iam.createPolicy(r -> r.policyName("sim-sign")
                        .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                                + " \"Action\": \"signer:SignPayload\", \"Resource\": \"*\"},"
                                + " {\"Effect\": \"Deny\", \"Action\": \"signer:CancelSigningProfile\","
                                + " \"Resource\": \"*\"}]}"))
                .policy()
                .arn();
        iam.attachUserPolicy(r -> r.userName("sim-dev").policyArn(managed));
        iam.putUserPolicy(r -> r.userName("sim-dev")
                .policyName("own")
                .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\","
                        + " \"Action\": \"signer:*\", \"Resource\": \"arn:aws:signer:*:*:/signing-profiles/"
                        + "${aws:username}\"}}"));

        List<EvaluationResult> results = iam.simulatePrincipalPolicy(r -> r.policySourceArn(arn)
                        .actionNames(
                                "signer:GetSigningProfile",
                                "signer:SignPayload",
                                "signer:CancelSigningProfile",
                                "signer:RevokeSignature",
                                "signer:ListSigningProfiles")
                        .resourceArns("arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/sim-dev"))
                .evaluationResults();
        assertThat(results)
                .extracting(EvaluationResult::evalDecision)
                .containsExactly(
                        PolicyEvaluationDecisionType.ALLOWED,
                        PolicyEvaluationDecisionType.ALLOWED,
                        PolicyEvaluationDecisionType.EXPLICIT_DENY,
                        PolicyEvaluationDecisionType.ALLOWED,
                        PolicyEvaluationDecisionType.ALLOWED);
        assertThat(results.get(0).matchedStatements())
                .extracting(Statement::sourcePolicyId, Statement::sourcePolicyTypeAsString)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("read", "group"),
                        org.assertj.core.groups.Tuple.tuple("own", "user"));
        assertThat(results.get(1).matchedStatements())
                .extracting(Statement::sourcePolicyId, Statement::sourcePolicyTypeAsString)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(managed, "user-managed"),
                        org.assertj.core.groups.Tuple.tuple("own", "user"));
        assertThat(results.get(2).matchedStatements())
                .extracting(Statement::sourcePolicyId)
                .containsExactly(managed);

        // another user's profile: only the group and managed policies apply; a group alone; a boundary
        var other = iam.simulatePrincipalPolicy(r -> r.policySourceArn(arn)
                .actionNames("signer:RevokeSignature")
                .resourceArns("arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/someone"));
        assertThat(other.evaluationResults().get(0).evalDecision())
                .isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        String groupArn = "arn:aws:iam::" + ACCOUNT + ":group/sim-readers";
        assertThat(iam.simulatePrincipalPolicy(r -> r.policySourceArn(groupArn).actionNames("signer:GetSigningProfile"))
                        .evaluationResults()
                        .get(0)
                        .evalDecision())
                .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        EvaluationResult bounded = iam.simulatePrincipalPolicy(r -> r.policySourceArn(arn)
                        .permissionsBoundaryPolicyInputList("{\"Version\": \"2012-10-17\", \"Statement\":"
                                + " {\"Effect\": \"Allow\", \"Action\": \"signer:Get*\", \"Resource\": \"*\"}}")
                        .actionNames("signer:SignPayload"))
                .evaluationResults()
                .get(0);
        assertThat(bounded.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(bounded.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary())
                .isFalse();

        assertError(
                () -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::" + ACCOUNT + ":user/ghost")
                        .actionNames("signer:SignPayload")),
                404,
                "NoSuchEntity",
                "The user with name ghost cannot be found.");
        assertError(
                () -> iam.simulatePrincipalPolicy(r -> r.policySourceArn("arn:aws:iam::" + ACCOUNT + ":role/ghost")
                        .actionNames("signer:SignPayload")),
                404,
                "NoSuchEntity",
                "The role with name ghost cannot be found.");
        assertError(
                () -> iam.simulatePrincipalPolicy(
                        r -> r.policySourceArn(PROFILE).actionNames("signer:SignPayload")),
                400,
                "InvalidInput",
                "PolicySourceArn " + PROFILE + " must be the ARN of an IAM user, group or role.");
    }

    @Test
    void pagesAndRefusals() {
        var first = iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                .actionNames("signer:SignPayload", "signer:GetSigningProfile", "s3:GetObject")
                .resourceArns(PROFILE, "arn:aws:s3:::b/k")
                .maxItems(4));
        assertThat(first.evaluationResults()).hasSize(4);
        assertThat(first.isTruncated()).isTrue();
        var rest = iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                .actionNames("signer:SignPayload", "signer:GetSigningProfile", "s3:GetObject")
                .resourceArns(PROFILE, "arn:aws:s3:::b/k")
                .maxItems(4)
                .marker(first.marker()));
        assertThat(rest.isTruncated()).isFalse();
        assertThat(rest.evaluationResults())
                .extracting(EvaluationResult::evalActionName, EvaluationResult::evalResourceName)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("s3:GetObject", PROFILE),
                        org.assertj.core.groups.Tuple.tuple("s3:GetObject", "arn:aws:s3:::b/k"));
        assertError(
                () -> iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                        .actionNames("signer:SignPayload")
                        .marker(first.marker())),
                400,
                "InvalidInput",
                "Marker is not one this simulation returned for the same members.");

        assertError(
                () -> iam.simulateCustomPolicy(
                        r -> r.policyInputList("{\"Version\": ").actionNames("s3:GetObject")),
                400,
                "InvalidInput",
                "PolicyInputList.1 is not a valid policy: the policy document is not valid JSON: Unexpected end-of-input"
                        + " within/between Object entries");
        assertError(
                () -> iam.simulateCustomPolicy(
                        r -> r.policyInputList(ALLOW_SIGNER).actionNames("signer:*")),
                400,
                "InvalidInput",
                "Action signer:* is not a service prefix and an operation name (such as iam:CreateUser); wildcards are"
                        + " not simulated.");
        assertError(
                () -> iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                        .permissionsBoundaryPolicyInputList(ALLOW_SIGNER, ALLOW_SIGNER)
                        .actionNames("signer:SignPayload")),
                400,
                "InvalidInput",
                "PermissionsBoundaryPolicyInputList takes one policy: an entity has at most one permissions boundary.");
        assertError(
                () -> iam.simulateCustomPolicy(r -> r.policyInputList(ALLOW_SIGNER)
                        .actionNames("signer:SignPayload")
                        .maxItems(0)),
                400,
                "ValidationError",
                "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have"
                        + " value between 1 and 1000");
    }

    @Test
    void simulationIsAnIamActionOfItsOwn() {
        iam.createUser(r -> r.userName("sim-self"));
        AccessKey key = iam.createAccessKey(r -> r.userName("sim-self")).accessKey();
        String arn = "arn:aws:iam::" + ACCOUNT + ":user/sim-self";
        iam.putUserPolicy(r -> r.userName("sim-self")
                .policyName("simulate-self")
                .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\","
                        + " \"Action\": \"iam:SimulatePrincipalPolicy\", \"Resource\": \"" + arn + "\"}}"));
        try (IamClient self = IamSdkTest.iamOf(
                server,
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))) {
            assertThat(self.simulatePrincipalPolicy(r -> r.policySourceArn(arn)
                                    .actionNames("iam:SimulatePrincipalPolicy")
                                    .resourceArns(arn))
                            .evaluationResults()
                            .get(0)
                            .evalDecision())
                    .isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertError(
                    () -> self.simulateCustomPolicy(
                            r -> r.policyInputList(ALLOW_SIGNER).actionNames("s3:GetObject")),
                    403,
                    "AccessDenied",
                    "User: " + arn + " is not authorized to perform: iam:SimulateCustomPolicy on resource: * because no"
                            + " identity-based policy allows the iam:SimulateCustomPolicy action");
        }
    }
}
