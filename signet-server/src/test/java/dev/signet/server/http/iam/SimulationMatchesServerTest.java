package dev.signet.server.http.iam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.testing.TestServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * The property the simulation exists for: for every request of a table, SimulatePrincipalPolicy's
 * decision for a user equals what the server does when that user makes the request with the AWS
 * SDK (AccessDenied, or anything else: success or a not-found behind the authorizer). The user has
 * its own inline policy, a group's and a managed policy, with policy variables, a principal tag,
 * explicit denies and conditions on the keys a real request carries (source address, transport,
 * time), which the simulation is given as the request would carry them. The table's order is
 * shuffled with a fixed seed.
 */
class SimulationMatchesServerTest {
    static final String ACCOUNT = "000000000000";
    static final String PROFILES = "arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/";
    static final String USERS = "arn:aws:iam::" + ACCOUNT + ":user/";

    static TestServer server;
    static IamClient admin;
    static String userArn;
    static StaticCredentialsProvider userCredentials;

    /** One request: what the SDK sends as the user, and the action and resource IAM names it by. */
    record Request(String name, String action, String resource, Consumer<Clients> call) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The user's clients. */
    record Clients(SignerClient signer, IamClient iam, LambdaClient lambda) {}

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = IamSdkTest.iamOf(server, server.credentialsProvider());
        userArn = admin.createUser(r -> r.userName("prop")
                        .tags(software.amazon.awssdk.services.iam.model.Tag.builder()
                                .key("team")
                                .value("release")
                                .build()))
                .user()
                .arn();
        admin.putUserPolicy(r -> r.userName("prop")
                .policyName("own")
                .policyDocument(policy(
                        "{\"Effect\": \"Allow\", \"Action\": \"signer:GetSigningProfile\","
                                + " \"Resource\": \"arn:aws:signer:*:*:/signing-profiles/${aws:username}-*\"}",
                        "{\"Effect\": \"Allow\", \"Action\": \"iam:GetUser\", \"Resource\": \"" + USERS + "prop-*\","
                                + " \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"127.0.0.0/8\"}}}")));
        admin.createGroup(r -> r.groupName("prop-group"));
        admin.addUserToGroup(r -> r.groupName("prop-group").userName("prop"));
        admin.putGroupPolicy(
                r -> r.groupName("prop-group")
                        .policyName("shared")
                        .policyDocument(
                                policy(
                                        "{\"Effect\": \"Allow\", \"Action\": \"signer:GetSigningProfile\", \"Resource\": \""
                                                + PROFILES + "shared-*\"}",
                                        "{\"Effect\": \"Allow\", \"Action\": \"signer:ListSigningProfiles\", \"Resource\": \"*\","
                                                + " \"Condition\": {\"Bool\": {\"aws:SecureTransport\": \"true\"}}}",
                                        "{\"Effect\": \"Allow\", \"Action\": \"lambda:ListCodeSigningConfigs\", \"Resource\": \"*\","
                                                + " \"Condition\": {\"DateGreaterThan\": {\"aws:CurrentTime\": \"2020-01-01T00:00:00Z\"}}}")));
        String managed = admin.createPolicy(
                        r -> r.policyName("prop-managed")
                                .policyDocument(
                                        policy(
                                                "{\"Effect\": \"Allow\", \"Action\": \"iam:GetUser\", \"Resource\": \"*\","
                                                        + " \"Condition\": {\"StringEquals\": {\"aws:PrincipalTag/team\": \"release\"}}}",
                                                "{\"Effect\": \"Deny\", \"Action\": \"iam:GetUser\", \"Resource\": \""
                                                        + USERS + "prop-secret*\"}",
                                                "{\"Effect\": \"Deny\", \"Action\": \"signer:GetSigningProfile\", \"Resource\": \""
                                                        + PROFILES + "*-blocked\"}",
                                                "{\"Effect\": \"Deny\", \"Action\": \"lambda:ListCodeSigningConfigs\", \"Resource\": \"*\","
                                                        + " \"Condition\": {\"DateLessThan\": {\"aws:CurrentTime\": \"2020-01-01T00:00:00Z\"}}}")))
                .policy()
                .arn();
        admin.attachUserPolicy(r -> r.userName("prop").policyArn(managed));
        AccessKey key = admin.createAccessKey(r -> r.userName("prop")).accessKey();
        userCredentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    static String policy(String... statements) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [" + String.join(", ", statements) + "]}";
    }

    static List<Request> table() {
        List<Request> table = new ArrayList<>();
        for (String profile : List.of("prop-a", "prop-blocked", "shared-x", "shared-blocked", "other", "prop")) {
            table.add(new Request(
                    "GetSigningProfile " + profile,
                    "signer:GetSigningProfile",
                    PROFILES + profile,
                    c -> c.signer().getSigningProfile(r -> r.profileName(profile))));
        }
        for (String user : List.of("prop-a", "prop-secret1", "someone", "prop")) {
            table.add(new Request(
                    "GetUser " + user, "iam:GetUser", USERS + user, c -> c.iam().getUser(r -> r.userName(user))));
        }
        table.add(new Request(
                "ListSigningProfiles",
                "signer:ListSigningProfiles",
                "*",
                c -> c.signer().listSigningProfiles()));
        table.add(new Request(
                "ListCodeSigningConfigs",
                "lambda:ListCodeSigningConfigs",
                "*",
                c -> c.lambda().listCodeSigningConfigs(r -> {})));
        table.add(new Request(
                "ListUsers",
                "iam:ListUsers",
                userArn == null ? USERS + "prop" : userArn,
                c -> c.iam().listUsers()));
        Collections.shuffle(table, new Random(19));
        return table;
    }

    /** Whether the server let the user through: anything but AccessDenied (403) counts. */
    static boolean serverAllows(Request request) {
        try (SignerClient signer = server.signer(b -> b.credentialsProvider(userCredentials));
                IamClient iam = IamSdkTest.iamOf(server, userCredentials);
                LambdaClient lambda = server.lambda(b -> b.credentialsProvider(userCredentials))) {
            request.call().accept(new Clients(signer, iam, lambda));
            return true;
        } catch (AwsServiceException e) {
            return e.statusCode() != 403;
        }
    }

    static PolicyEvaluationDecisionType simulated(Request request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<ContextEntry> context = List.of(
                entry("aws:SourceIp", ContextKeyTypeEnum.IP, "127.0.0.1"),
                entry("aws:SecureTransport", ContextKeyTypeEnum.BOOLEAN, "false"),
                entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, now.toString()),
                entry("aws:EpochTime", ContextKeyTypeEnum.NUMERIC, Long.toString(now.getEpochSecond())),
                entry("aws:MultiFactorAuthPresent", ContextKeyTypeEnum.BOOLEAN, "false"));
        return admin.simulatePrincipalPolicy(r -> r.policySourceArn(userArn)
                        .actionNames(request.action())
                        .resourceArns(request.resource())
                        .contextEntries(context))
                .evaluationResults()
                .get(0)
                .evalDecision();
    }

    static ContextEntry entry(String key, ContextKeyTypeEnum type, String value) {
        return ContextEntry.builder()
                .contextKeyName(key)
                .contextKeyType(type)
                .contextKeyValues(value)
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void simulationDecidesAsTheServerDoes(Request request) {
        PolicyEvaluationDecisionType simulated = simulated(request);
        assertThat(simulated == PolicyEvaluationDecisionType.ALLOWED)
                .as("%s simulated %s", request, simulated)
                .isEqualTo(serverAllows(request));
    }

    @Test
    void theTableHasAllowsAndBothKindsOfDenial() {
        List<PolicyEvaluationDecisionType> decisions =
                table().stream().map(SimulationMatchesServerTest::simulated).toList();
        assertThat(decisions)
                .contains(
                        PolicyEvaluationDecisionType.ALLOWED,
                        PolicyEvaluationDecisionType.EXPLICIT_DENY,
                        PolicyEvaluationDecisionType.IMPLICIT_DENY);
    }
}
