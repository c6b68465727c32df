package dev.signet.server.http.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.signer.SignerClient;

/**
 * IAM policies decide what a user's key may do, on a real server, with users, keys and policies
 * made through the SDK's IamClient: identity policies (inline, group, managed), explicit denies,
 * NotAction and NotResource, conditions on the connection, S3 object prefixes, native routes, and
 * a signing profile's resource policy (AddProfilePermission / RemoveProfilePermission).
 */
class PolicyEnforcementTest {
    static final String ACCOUNT = "000000000000";
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    static final AtomicInteger USERS = new AtomicInteger();

    static TestServer server;
    static IamClient admin;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        admin = IamSdkTest.iamOf(server, server.credentialsProvider());
        try (SignerClient signer = server.signer()) {
            for (String name : new String[] {"release", "nightly"}) {
                signer.putSigningProfile(b -> b.profileName(name).platformId(CMS));
            }
        }
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    /** A user with an access key; its ARN and credentials. */
    record User(String name, String arn, StaticCredentialsProvider credentials) {}

    static User user(String prefix) {
        String name = prefix + USERS.incrementAndGet();
        String arn = admin.createUser(r -> r.userName(name)).user().arn();
        AccessKey key = admin.createAccessKey(r -> r.userName(name)).accessKey();
        return new User(name, arn, IamSdkTest.credentials(key));
    }

    static User userWithPolicy(String prefix, String document) {
        User user = user(prefix);
        admin.putUserPolicy(r -> r.userName(user.name()).policyName("p").policyDocument(document));
        return user;
    }

    static String allow(String action, String resource) {
        return policy("{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}");
    }

    static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    static String profileArn(String name) {
        return "arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/" + name;
    }

    static String implicit(User user, String action, String resource) {
        return "User: " + user.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no identity-based policy allows the " + action + " action";
    }

    static String explicit(User user, String action, String resource) {
        return "User: " + user.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + " with an explicit deny in an identity-based policy";
    }

    static void assertDenied(Runnable call, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    static SignerClient signer(User user) {
        return server.signer(b -> b.credentialsProvider(user.credentials()));
    }

    static String sign(SignerClient signer, String profile) {
        return signer.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat(DIGEST_FORMAT))
                .jobId();
    }

    @Test
    void signPayloadIsAllowedOnTheProfileThePolicyNamesOnly() {
        User user = userWithPolicy("signer", allow("signer:SignPayload", profileArn("release")));
        try (SignerClient signer = signer(user)) {
            assertThat(sign(signer, "release")).isNotEmpty();
            assertDenied(
                    () -> sign(signer, "nightly"),
                    "AccessDeniedException",
                    implicit(user, "signer:SignPayload", profileArn("nightly")));
            assertDenied(
                    signer::listSigningProfiles,
                    "AccessDeniedException",
                    implicit(user, "signer:ListSigningProfiles", "*"));
        }
    }

    @Test
    void anExplicitDenyWinsOverAnAllow() {
        User user = userWithPolicy(
                "deny",
                policy(
                        "{\"Effect\":\"Allow\",\"Action\":\"signer:*\",\"Resource\":\"*\"}",
                        "{\"Effect\":\"Deny\",\"Action\":\"signer:SignPayload\",\"Resource\":\"" + profileArn("release")
                                + "\"}"));
        try (SignerClient signer = signer(user)) {
            assertThat(sign(signer, "nightly")).isNotEmpty();
            assertDenied(
                    () -> sign(signer, "release"),
                    "AccessDeniedException",
                    explicit(user, "signer:SignPayload", profileArn("release")));
        }
    }

    @Test
    void aGroupsPolicyAppliesToItsMembers() {
        User user = user("member");
        String group = "signers" + USERS.incrementAndGet();
        admin.createGroup(r -> r.groupName(group));
        admin.putGroupPolicy(r -> r.groupName(group)
                .policyName("get")
                .policyDocument(allow("signer:GetSigningProfile", profileArn("*"))));
        try (SignerClient signer = signer(user)) {
            assertDenied(
                    () -> signer.getSigningProfile(b -> b.profileName("release")),
                    "AccessDeniedException",
                    implicit(user, "signer:GetSigningProfile", profileArn("release")));
            admin.addUserToGroup(r -> r.groupName(group).userName(user.name()));
            assertThat(signer.getSigningProfile(b -> b.profileName("release")).profileName())
                    .isEqualTo("release");
            admin.removeUserFromGroup(r -> r.groupName(group).userName(user.name()));
            assertDenied(
                    () -> signer.getSigningProfile(b -> b.profileName("release")),
                    "AccessDeniedException",
                    implicit(user, "signer:GetSigningProfile", profileArn("release")));
        }
    }

    @Test
    void attachingAndDetachingAManagedPolicyTakesEffectOnTheNextRequest() {
        User user = user("managed");
        String policyArn = admin.createPolicy(r -> r.policyName("list-profiles" + USERS.incrementAndGet())
                        .policyDocument(allow("signer:ListSigningProfiles", "*")))
                .policy()
                .arn();
        try (SignerClient signer = signer(user)) {
            String message = implicit(user, "signer:ListSigningProfiles", "*");
            assertDenied(signer::listSigningProfiles, "AccessDeniedException", message);
            admin.attachUserPolicy(r -> r.userName(user.name()).policyArn(policyArn));
            assertThat(signer.listSigningProfiles().profiles()).isNotEmpty();
            admin.detachUserPolicy(r -> r.userName(user.name()).policyArn(policyArn));
            assertDenied(signer::listSigningProfiles, "AccessDeniedException", message);
        }
    }

    @Test
    void notActionAndNotResource() {
        User user = userWithPolicy(
                "not",
                policy(
                        "{\"Effect\":\"Allow\",\"NotAction\":[\"signer:SignPayload\",\"signer:Get*\"],"
                                + "\"Resource\":\"*\"}",
                        "{\"Effect\":\"Allow\",\"Action\":\"signer:GetSigningProfile\",\"NotResource\":\""
                                + profileArn("release") + "\"}"));
        try (SignerClient signer = signer(user)) {
            assertThat(signer.listSigningProfiles().profiles()).isNotEmpty();
            assertDenied(
                    () -> sign(signer, "nightly"),
                    "AccessDeniedException",
                    implicit(user, "signer:SignPayload", profileArn("nightly")));
            assertThat(signer.getSigningProfile(b -> b.profileName("nightly")).profileName())
                    .isEqualTo("nightly");
            assertDenied(
                    () -> signer.getSigningProfile(b -> b.profileName("release")),
                    "AccessDeniedException",
                    implicit(user, "signer:GetSigningProfile", profileArn("release")));
        }
    }

    @Test
    void aConditionOnTheSourceAddress() {
        User local = userWithPolicy(
                "loopback",
                policy("{\"Effect\":\"Allow\",\"Action\":\"signer:ListSigningProfiles\",\"Resource\":\"*\","
                        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"},"
                        + "\"Bool\":{\"aws:SecureTransport\":\"false\"}}}"));
        User elsewhere = userWithPolicy(
                "remote",
                policy("{\"Effect\":\"Allow\",\"Action\":\"signer:ListSigningProfiles\",\"Resource\":\"*\","
                        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}"));
        try (SignerClient signer = signer(local)) {
            assertThat(signer.listSigningProfiles().profiles()).isNotEmpty();
        }
        try (SignerClient signer = signer(elsewhere)) {
            assertDenied(
                    signer::listSigningProfiles,
                    "AccessDeniedException",
                    implicit(elsewhere, "signer:ListSigningProfiles", "*"));
        }
    }

    @Test
    void s3GetObjectUnderOnePrefixOfOneBucket() {
        try (S3Client s3 = server.s3()) {
            s3.createBucket(r -> r.bucket("artifacts"));
            s3.putObject(r -> r.bucket("artifacts").key("release/app.zip"), RequestBody.fromString("app"));
            s3.putObject(r -> r.bucket("artifacts").key("secret/key.pem"), RequestBody.fromString("key"));
        }
        User user = userWithPolicy("reader", allow("s3:GetObject", "arn:aws:s3:::artifacts/release/*"));
        try (S3Client s3 = server.s3(b -> b.credentialsProvider(user.credentials()))) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket("artifacts").key("release/app.zip"))
                            .asUtf8String())
                    .isEqualTo("app");
            assertDenied(
                    () -> s3.getObjectAsBytes(r -> r.bucket("artifacts").key("secret/key.pem")),
                    "AccessDenied",
                    implicit(user, "s3:GetObject", "arn:aws:s3:::artifacts/secret/key.pem"));
            assertDenied(
                    () -> s3.putObject(
                            r -> r.bucket("artifacts").key("release/app.zip"), RequestBody.fromString("evil")),
                    "AccessDenied",
                    implicit(user, "s3:PutObject", "arn:aws:s3:::artifacts/release/app.zip"));
        }
        try (S3Client s3 = server.s3()) {
            assertThat(s3.getObjectAsBytes(r -> r.bucket("artifacts").key("release/app.zip"))
                            .asUtf8String())
                    .as("the denied put changed nothing")
                    .isEqualTo("app");
        }
    }

    @Test
    void startSigningJobAlsoNeedsToReadTheSourceAndWriteTheDestination() {
        User user = userWithPolicy("starter", allow("signer:StartSigningJob", profileArn("release")));
        try (SignerClient signer = signer(user)) {
            assertDenied(
                    () -> signer.startSigningJob(b -> b.profileName("release")
                            .source(s -> s.s3(o -> o.bucketName("artifacts")
                                    .key("secret/key.pem")
                                    .version("1")))
                            .destination(
                                    d -> d.s3(o -> o.bucketName("artifacts").prefix("signed/")))),
                    "AccessDeniedException",
                    implicit(user, "s3:GetObjectVersion", "arn:aws:s3:::artifacts/secret/key.pem"));
        }
    }

    @Test
    void aNativeRouteNeedsItsSignetAction() throws Exception {
        User denied = user("native");
        HttpResponse<String> refused = trustBundle(denied);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.headers().firstValue("X-Amzn-ErrorType")).contains("AccessDeniedException");
        assertThat(refused.body()).contains(implicit(denied, "signet:GetTrustBundle", "*"));

        User allowed = userWithPolicy("native", allow("signet:GetTrustBundle", "*"));
        HttpResponse<String> answered = trustBundle(allowed);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
    }

    static HttpResponse<String> trustBundle(User user) throws Exception {
        URI uri = server.endpoint().resolve("/v1/trust-bundle");
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(user.credentials().resolveCredentials())
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.GET)
                                .uri(uri)
                                .build())
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aProfilePermissionGrantsUntilItIsRemoved() {
        User user = user("grantee");
        String profile = "shared" + USERS.incrementAndGet();
        try (SignerClient owner = server.signer();
                SignerClient signer = signer(user)) {
            owner.putSigningProfile(b -> b.profileName(profile).platformId(CMS));
            String message = "User: " + user.arn() + " is not authorized to perform: signer:SignPayload on resource: "
                    + profileArn(profile) + " because no identity-based policy allows the signer:SignPayload action";
            assertDenied(() -> sign(signer, profile), "AccessDeniedException", message);

            String revision = owner.addProfilePermission(b -> b.profileName(profile)
                            .statementId("ci")
                            .action("signer:SignPayload")
                            .principal(user.arn()))
                    .revisionId();
            assertThat(sign(signer, profile)).isNotEmpty();
            assertDenied(
                    () -> signer.getSigningProfile(b -> b.profileName(profile)),
                    "AccessDeniedException",
                    implicit(user, "signer:GetSigningProfile", profileArn(profile)));

            owner.removeProfilePermission(
                    b -> b.profileName(profile).statementId("ci").revisionId(revision));
            assertDenied(() -> sign(signer, profile), "AccessDeniedException", message);
        }
    }

    @Test
    void aPermissionForAnotherVersionGrantsNothing() {
        User user = user("versioned");
        String profile = "pinned" + USERS.incrementAndGet();
        try (SignerClient owner = server.signer();
                SignerClient signer = signer(user)) {
            String version = owner.putSigningProfile(b -> b.profileName(profile).platformId(CMS))
                    .profileVersion();
            String other = version.equals("AAAAAAAAAA") ? "BBBBBBBBBB" : "AAAAAAAAAA";
            owner.addProfilePermission(b -> b.profileName(profile)
                    .statementId("current")
                    .action("signer:GetSigningProfile")
                    .principal(user.arn())
                    .profileVersion(version));
            assertThat(signer.getSigningProfile(b -> b.profileName(profile)).profileVersion())
                    .isEqualTo(version);
            assertDenied(
                    () -> sign(signer, profile),
                    "AccessDeniedException",
                    implicit(user, "signer:SignPayload", profileArn(profile)));
            assertThat(other).isNotEqualTo(version);
        }
    }

    @Test
    void theAdministratorIsUnaffected() {
        try (SignerClient signer = server.signer()) {
            assertThat(sign(signer, "release")).isNotEmpty();
            assertThat(sign(signer, "nightly")).isNotEmpty();
            assertThat(signer.listSigningProfiles().profiles()).isNotEmpty();
        }
        assertThat(admin.listUsers().users()).isNotEmpty();
    }

    @Test
    void everyoneMayAskWhoTheyAre() {
        User user = user("whoami");
        try (var sts = IamSdkTest.stsOf(server, user.credentials())) {
            assertThat(sts.getCallerIdentity().arn()).isEqualTo(user.arn());
        }
    }
}
