package dev.signet.server.http.sts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * STS GetSessionToken and AssumeRole through the AWS SDK for Java v2's STS client against a real
 * server whose service clock the test moves (expiry without waiting); the temporary credentials then
 * sign requests to STS, Signer and S3.
 */
class StsSdkTest {
    static final String ACCOUNT = "000000000000";
    static final MutableClock CLOCK = MutableClock.ofNow();

    static TestServer server;
    static IamClient iam;
    static StsClient adminSts;
    static AccessKey devKey;
    static String devArn;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        iam = iamOf(server.credentialsProvider());
        adminSts = stsOf(server.credentialsProvider());
        devArn = iam.createUser(r -> r.userName("dev")).user().arn();
        devKey = iam.createAccessKey(r -> r.userName("dev")).accessKey();
        role("Release", trust("\"AWS\": \"" + devArn + "\"", "\"sts:AssumeRole\"", ""), 3600);
        role("AccountTrust", trust("\"AWS\": \"" + ACCOUNT + "\"", "\"sts:AssumeRole\"", ""), 43200);
        role(
                "External",
                trust(
                        "\"AWS\": \"" + devArn + "\"",
                        "\"sts:AssumeRole\"",
                        ", \"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"ext-4711\"}}"),
                3600);
        role(
                "Tagged",
                trust(
                        "\"AWS\": \"" + devArn + "\"",
                        "[\"sts:AssumeRole\", \"sts:TagSession\", \"sts:SetSourceIdentity\"]",
                        ", \"Condition\": {\"StringEquals\": {\"aws:RequestTag/team\": \"release\"}}"),
                3600);
        role(
                "Chained",
                trust("\"AWS\": \"arn:aws:iam::" + ACCOUNT + ":role/Release\"", "\"sts:AssumeRole\"", ""),
                7200);
    }

    @AfterAll
    static void stop() {
        adminSts.close();
        iam.close();
        server.close();
    }

    static String trust(String principal, String actions, String more) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {" + principal
                + "}, \"Action\": " + actions + more + "}]}";
    }

    static void role(String name, String trust, int maxSessionDuration) {
        iam.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust).maxSessionDuration(maxSessionDuration));
    }

    static String roleArn(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    static IamClient iamOf(StaticCredentialsProvider credentials) {
        return IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static StsClient stsOf(StaticCredentialsProvider credentials) {
        return StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static StaticCredentialsProvider dev() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(devKey.accessKeyId(), devKey.secretAccessKey()));
    }

    static StaticCredentialsProvider session(Credentials c) {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
    }

    static AssumeRoleResponse assumeAsDev(AssumeRoleRequest.Builder request) {
        try (StsClient sts = stsOf(dev())) {
            return sts.assumeRole(request.build());
        }
    }

    static GetCallerIdentityResponse whoAmI(StaticCredentialsProvider credentials) {
        try (StsClient sts = stsOf(credentials)) {
            return sts.getCallerIdentity();
        }
    }

    static void assertError(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
        });
    }

    static String denied(String who, String action, String role) {
        return "User: " + who + " is not authorized to perform: " + action + " on resource: " + roleArn(role);
    }

    @Test
    void aUserTheTrustPolicyNamesAssumesTheRoleAndTheSessionActsAsIt() {
        Instant before = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        AssumeRoleResponse assumed = assumeAsDev(
                AssumeRoleRequest.builder().roleArn(roleArn("Release")).roleSessionName("build-1"));
        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/Release/build-1";
        String roleId = iam.getRole(r -> r.roleName("Release")).role().roleId();
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo(sessionArn);
        assertThat(assumed.assumedRoleUser().assumedRoleId()).isEqualTo(roleId + ":build-1");
        assertThat(assumed.credentials().accessKeyId()).matches("ASIA[A-Z2-7]{16}");
        assertThat(assumed.credentials().sessionToken()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(assumed.credentials().expiration()).isEqualTo(before.plusSeconds(3600));
        assertThat(assumed.packedPolicySize()).isNull();

        GetCallerIdentityResponse me = whoAmI(session(assumed.credentials()));
        assertThat(me.arn()).isEqualTo(sessionArn);
        assertThat(me.userId()).isEqualTo(roleId + ":build-1");
        assertThat(me.account()).isEqualTo(ACCOUNT);

        // the role has no policies: the session may do nothing, and the denial names the session
        try (var signer = server.signer(b -> b.credentialsProvider(session(assumed.credentials())))) {
            assertThatThrownBy(signer::listSigningProfiles).isInstanceOfSatisfying(AwsServiceException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                assertThat(e.awsErrorDetails().errorMessage())
                        .isEqualTo("User: " + sessionArn + " is not authorized to perform: signer:ListSigningProfiles"
                                + " on resource: * because no identity-based policy allows the"
                                + " signer:ListSigningProfiles action");
            });
        }
    }

    @Test
    void aSessionMayDoWhatItsRolesPoliciesAllowFromTheNextRequestOn() {
        role("Lister", trust("\"AWS\": \"" + devArn + "\"", "\"sts:AssumeRole\"", ""), 3600);
        AssumeRoleResponse assumed = assumeAsDev(
                AssumeRoleRequest.builder().roleArn(roleArn("Lister")).roleSessionName("ci-7"));
        try (var signer = server.signer(b -> b.credentialsProvider(session(assumed.credentials())))) {
            assertThatThrownBy(signer::listSigningProfiles)
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));

            iam.putRolePolicy(r -> r.roleName("Lister")
                    .policyName("list")
                    .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                            + " \"Action\": \"signer:ListSigningProfiles\", \"Resource\": \"*\"}]}"));
            assertThat(signer.listSigningProfiles().profiles()).isNotNull();
            assertThatThrownBy(() -> signer.listSigningPlatforms())
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .startsWith("User: arn:aws:sts::" + ACCOUNT
                                            + ":assumed-role/Lister/ci-7 is not authorized"
                                            + " to perform: signer:ListSigningPlatforms"));

            iam.deleteRolePolicy(r -> r.roleName("Lister").policyName("list"));
            assertThatThrownBy(signer::listSigningProfiles)
                    .isInstanceOfSatisfying(
                            AwsServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));
        }
    }

    @Test
    void aTrustPolicyThatDoesNotNameTheCallerRefusesIt() {
        assertError(
                () -> assumeAsDev(AssumeRoleRequest.builder()
                        .roleArn(roleArn("AccountTrust"))
                        .roleSessionName("not-named")),
                403,
                "AccessDenied",
                denied(devArn, "sts:AssumeRole", "AccountTrust"));
        // the administrator (its account's root) may assume a role that trusts the account ...
        AssumeRoleResponse admin = adminSts.assumeRole(r -> r.roleArn(roleArn("AccountTrust"))
                .roleSessionName("admin-session")
                .durationSeconds(43200));
        assertThat(whoAmI(session(admin.credentials())).arn())
                .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/AccountTrust/admin-session");
        // ... but not one that trusts someone else
        assertError(
                () -> adminSts.assumeRole(r -> r.roleArn(roleArn("Release")).roleSessionName("admin-session")),
                403,
                "AccessDenied",
                denied("arn:aws:iam::" + ACCOUNT + ":user/admin", "sts:AssumeRole", "Release"));
        assertError(
                () -> adminSts.assumeRole(r -> r.roleArn(roleArn("Nope")).roleSessionName("s1")),
                404,
                "NoSuchEntity",
                "The role with name Nope cannot be found.");
    }

    @Test
    void aTrustPolicyNamingTheAccountDelegatesToTheCallersIdentityPolicies() {
        iam.createUser(r -> r.userName("delegate"));
        AccessKey key = iam.createAccessKey(r -> r.userName("delegate")).accessKey();
        StaticCredentialsProvider delegate =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
        String delegateArn = "arn:aws:iam::" + ACCOUNT + ":user/delegate";
        try (StsClient sts = stsOf(delegate)) {
            assertError(
                    () -> sts.assumeRole(r -> r.roleArn(roleArn("AccountTrust")).roleSessionName("d1")),
                    403,
                    "AccessDenied",
                    denied(delegateArn, "sts:AssumeRole", "AccountTrust"));
            iam.putUserPolicy(r -> r.userName("delegate")
                    .policyName("assume")
                    .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
                            + " \"Action\": \"sts:AssumeRole\", \"Resource\": \"" + roleArn("AccountTrust") + "\"}]}"));
            assertThat(sts.assumeRole(r -> r.roleArn(roleArn("AccountTrust")).roleSessionName("d1"))
                            .assumedRoleUser()
                            .arn())
                    .endsWith(":assumed-role/AccountTrust/d1");
            // an explicit Deny in the caller's identity-based policies wins
            iam.putUserPolicy(r -> r.userName("delegate")
                    .policyName("deny")
                    .policyDocument("{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\","
                            + " \"Action\": \"sts:AssumeRole\", \"Resource\": \"*\"}]}"));
            assertError(
                    () -> sts.assumeRole(r -> r.roleArn(roleArn("AccountTrust")).roleSessionName("d2")),
                    403,
                    "AccessDenied",
                    denied(delegateArn, "sts:AssumeRole", "AccountTrust"));
        }
    }

    @Test
    void theExternalIdConditionIsEnforced() {
        AssumeRoleRequest.Builder request =
                AssumeRoleRequest.builder().roleArn(roleArn("External")).roleSessionName("ext");
        assertError(() -> assumeAsDev(request), 403, "AccessDenied", denied(devArn, "sts:AssumeRole", "External"));
        assertError(
                () -> assumeAsDev(request.externalId("ext-0000")),
                403,
                "AccessDenied",
                denied(devArn, "sts:AssumeRole", "External"));
        AssumeRoleResponse ok = assumeAsDev(request.externalId("ext-4711"));
        assertThat(ok.assumedRoleUser().arn()).endsWith(":assumed-role/External/ext");
    }

    @Test
    void sessionTagsAndSourceIdentityNeedTheTrustPolicysAllow() {
        AssumeRoleResponse tagged = assumeAsDev(AssumeRoleRequest.builder()
                .roleArn(roleArn("Tagged"))
                .roleSessionName("tagged")
                .tags(Tag.builder().key("team").value("release").build())
                .sourceIdentity("alice"));
        assertThat(tagged.packedPolicySize()).isBetween(1, 100);
        assertThat(tagged.sourceIdentity()).isEqualTo("alice");
        assertThat(whoAmI(session(tagged.credentials())).arn()).endsWith(":assumed-role/Tagged/tagged");

        assertError(
                () -> assumeAsDev(AssumeRoleRequest.builder()
                        .roleArn(roleArn("Tagged"))
                        .roleSessionName("tagged")
                        .tags(Tag.builder().key("team").value("other").build())),
                403,
                "AccessDenied",
                denied(devArn, "sts:AssumeRole", "Tagged"));
        // Release's trust policy allows sts:AssumeRole only, not sts:TagSession
        assertError(
                () -> assumeAsDev(AssumeRoleRequest.builder()
                        .roleArn(roleArn("Release"))
                        .roleSessionName("tagged")
                        .tags(Tag.builder().key("team").value("release").build())),
                403,
                "AccessDenied",
                denied(devArn, "sts:TagSession", "Release"));
        assertError(
                () -> assumeAsDev(AssumeRoleRequest.builder()
                        .roleArn(roleArn("Release"))
                        .roleSessionName("tagged")
                        .sourceIdentity("alice")),
                403,
                "AccessDenied",
                denied(devArn, "sts:SetSourceIdentity", "Release"));
    }

    @Test
    void durationsAndNamesAreValidated() {
        AssumeRoleRequest.Builder release =
                AssumeRoleRequest.builder().roleArn(roleArn("Release")).roleSessionName("d");
        assertError(
                () -> assumeAsDev(release.roleSessionName("ok-name").durationSeconds(899)),
                400,
                "ValidationError",
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member"
                        + " must have value greater than or equal to 900");
        assertError(
                () -> assumeAsDev(release.roleSessionName("ok-name").durationSeconds(43201)),
                400,
                "ValidationError",
                "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint:"
                        + " Member must have value less than or equal to 43200");
        assertError(
                () -> assumeAsDev(release.roleSessionName("ok-name").durationSeconds(3601)),
                400,
                "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        assertError(
                () -> assumeAsDev(release.roleSessionName("x").durationSeconds(900)),
                400,
                "ValidationError",
                "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member"
                        + " must have length greater than or equal to 2");
        assertError(
                () -> assumeAsDev(release.roleSessionName("has space").durationSeconds(900)),
                400,
                "ValidationError",
                "1 validation error detected: Value 'has space' at 'roleSessionName' failed to satisfy constraint:"
                        + " Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        assertThat(assumeAsDev(release.roleSessionName("short").durationSeconds(900))
                        .credentials()
                        .expiration())
                .isEqualTo(now.plusSeconds(900));

        try (StsClient sts = stsOf(dev())) {
            assertError(
                    () -> sts.getSessionToken(r -> r.durationSeconds(129_601)),
                    400,
                    "ValidationError",
                    "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint:"
                            + " Member must have value less than or equal to 129600");
            assertThat(sts.getSessionToken().credentials().expiration()).isEqualTo(now.plusSeconds(43_200));
            assertThat(sts.getSessionToken(r -> r.durationSeconds(129_600))
                            .credentials()
                            .expiration())
                    .isEqualTo(now.plusSeconds(129_600));
        }
        // the administrator's sessions last at most an hour, as AWS's root sessions
        Credentials adminSession =
                adminSts.getSessionToken(r -> r.durationSeconds(7200)).credentials();
        assertThat(adminSession.expiration()).isEqualTo(now.plusSeconds(3600));
        // and, like every GetSessionToken session, may not call IAM (AWS requires MFA for that)
        try (IamClient asSession = iamOf(session(adminSession))) {
            assertError(
                    asSession::listUsers,
                    403,
                    "AccessDenied",
                    "User: arn:aws:iam::" + ACCOUNT + ":user/admin is not authorized to perform: iam:ListUsers on"
                            + " resource: arn:aws:iam::" + ACCOUNT + ":user/admin with the temporary credentials of"
                            + " GetSessionToken, which may not call IAM without MFA");
        }
        // a role session assuming a role (role chaining) gets at most an hour
        AssumeRoleResponse release1 = assumeAsDev(
                AssumeRoleRequest.builder().roleArn(roleArn("Release")).roleSessionName("chain"));
        try (StsClient chained = stsOf(session(release1.credentials()))) {
            assertError(
                    () -> chained.assumeRole(r ->
                            r.roleArn(roleArn("Chained")).roleSessionName("c2").durationSeconds(7200)),
                    400,
                    "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role"
                            + " chaining.");
            AssumeRoleResponse c2 =
                    chained.assumeRole(r -> r.roleArn(roleArn("Chained")).roleSessionName("c2"));
            assertThat(whoAmI(session(c2.credentials())).arn())
                    .isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/Chained/c2");
        }
    }

    @Test
    void aUsersSessionActsAsTheUserAndCannotGetAnother() {
        Credentials creds;
        try (StsClient sts = stsOf(dev())) {
            creds = sts.getSessionToken(r -> r.durationSeconds(900)).credentials();
        }
        assertThat(creds.accessKeyId()).startsWith("ASIA");
        GetCallerIdentityResponse me = whoAmI(session(creds));
        assertThat(me.arn()).isEqualTo(devArn);
        try (StsClient sts = stsOf(session(creds))) {
            assertError(
                    sts::getSessionToken, 403, "AccessDenied", "Cannot call GetSessionToken with session credentials");
            // a user's session may assume what the user may
            assertThat(sts.assumeRole(r -> r.roleArn(roleArn("Release")).roleSessionName("from-session"))
                            .assumedRoleUser()
                            .arn())
                    .endsWith(":assumed-role/Release/from-session");
        }
    }

    @Test
    void expiredCredentialsAreRefused() {
        AssumeRoleResponse assumed = assumeAsDev(AssumeRoleRequest.builder()
                .roleArn(roleArn("Release"))
                .roleSessionName("expiring")
                .durationSeconds(900));
        StaticCredentialsProvider credentials = session(assumed.credentials());
        assertThat(whoAmI(credentials).arn()).endsWith("/expiring");
        CLOCK.advance(Duration.ofSeconds(899));
        assertThat(whoAmI(credentials).arn()).endsWith("/expiring");
        CLOCK.advance(Duration.ofSeconds(1));
        assertError(
                () -> whoAmI(credentials),
                403,
                "ExpiredToken",
                "The security token included in the request is expired");
        try (var signer = server.signer(b -> b.credentialsProvider(credentials))) {
            assertError(
                    signer::listSigningProfiles,
                    403,
                    "ExpiredTokenException",
                    "The security token included in the request is expired");
        }
    }

    @Test
    void aMissingOrWrongTokenIsRefused() {
        Credentials c = assumeAsDev(
                        AssumeRoleRequest.builder().roleArn(roleArn("Release")).roleSessionName("tokens"))
                .credentials();
        String invalid = "The security token included in the request is invalid.";
        StaticCredentialsProvider noToken =
                StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey()));
        assertError(() -> whoAmI(noToken), 403, "InvalidClientTokenId", invalid);
        StaticCredentialsProvider wrongToken = StaticCredentialsProvider.create(AwsSessionCredentials.create(
                c.accessKeyId(), c.secretAccessKey(), c.sessionToken().substring(1) + "A"));
        assertError(() -> whoAmI(wrongToken), 403, "InvalidClientTokenId", invalid);
        try (var signer = server.signer(b -> b.credentialsProvider(noToken))) {
            assertError(signer::listSigningProfiles, 403, "UnrecognizedClientException", invalid);
        }
        // another session's token does not open this one
        Credentials other = assumeAsDev(
                        AssumeRoleRequest.builder().roleArn(roleArn("Release")).roleSessionName("other"))
                .credentials();
        StaticCredentialsProvider borrowed = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), other.sessionToken()));
        assertError(() -> whoAmI(borrowed), 403, "InvalidClientTokenId", invalid);
        // a long-term key with a token is refused too
        StaticCredentialsProvider keyWithToken = StaticCredentialsProvider.create(
                AwsSessionCredentials.create(devKey.accessKeyId(), devKey.secretAccessKey(), c.sessionToken()));
        assertError(() -> whoAmI(keyWithToken), 403, "InvalidClientTokenId", invalid);
        assertThat(whoAmI(session(c)).arn()).endsWith("/tokens");
    }

    @Test
    void deletingTheRoleOrTheUserEndsItsSessions() {
        role("Temporary", trust("\"AWS\": \"" + devArn + "\"", "\"sts:AssumeRole\"", ""), 3600);
        StaticCredentialsProvider credentials = session(assumeAsDev(AssumeRoleRequest.builder()
                        .roleArn(roleArn("Temporary"))
                        .roleSessionName("doomed"))
                .credentials());
        assertThat(whoAmI(credentials).arn()).endsWith("/doomed");
        iam.deleteRole(r -> r.roleName("Temporary"));
        String invalid = "The security token included in the request is invalid.";
        assertError(() -> whoAmI(credentials), 403, "InvalidClientTokenId", invalid);
        // a new role of the same name is another role
        role("Temporary", trust("\"AWS\": \"" + devArn + "\"", "\"sts:AssumeRole\"", ""), 3600);
        assertError(() -> whoAmI(credentials), 403, "InvalidClientTokenId", invalid);

        iam.createUser(r -> r.userName("leaver"));
        AccessKey key = iam.createAccessKey(r -> r.userName("leaver")).accessKey();
        Credentials userSession;
        try (StsClient sts = stsOf(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())))) {
            userSession = sts.getSessionToken().credentials();
        }
        assertThat(whoAmI(session(userSession)).arn()).endsWith(":user/leaver");
        iam.deleteAccessKey(r -> r.userName("leaver").accessKeyId(key.accessKeyId()));
        assertThat(whoAmI(session(userSession)).arn())
                .as("a session outlives the key that asked for it")
                .endsWith(":user/leaver");
        iam.deleteUser(r -> r.userName("leaver"));
        assertError(() -> whoAmI(session(userSession)), 403, "InvalidClientTokenId", invalid);
    }

    @Test
    void aPresignedS3UrlCarriesTheSessionToken() throws Exception {
        StaticCredentialsProvider credentials =
                session(adminSts.getSessionToken().credentials());
        try (S3Client s3 = server.s3(b -> b.credentialsProvider(credentials));
                S3Presigner presigner = S3Presigner.builder()
                        .endpointOverride(server.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(credentials)
                        .serviceConfiguration(S3Configuration.builder()
                                .pathStyleAccessEnabled(true)
                                .build())
                        .build()) {
            s3.createBucket(b -> b.bucket("session-bucket"));
            s3.putObject(b -> b.bucket("session-bucket").key("shared.txt"), RequestBody.fromString("via session"));
            URI url = presigner
                    .presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                            .getObjectRequest(g -> g.bucket("session-bucket").key("shared.txt")))
                    .url()
                    .toURI();
            assertThat(url.getRawQuery()).contains("X-Amz-Security-Token=");
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("via session");

            URI withoutToken = URI.create(url.toString().replaceAll("&?X-Amz-Security-Token=[^&]*", ""));
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(withoutToken)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body())
                    .contains("<Code>InvalidToken</Code>")
                    .contains("The provided token is malformed or otherwise invalid.");
        }
    }

    @Test
    void unservedMembersAreRefusedNotIgnored() {
        assertError(
                () -> assumeAsDev(AssumeRoleRequest.builder()
                        .roleArn(roleArn("Release"))
                        .roleSessionName("policy")
                        .policy("{\"Statement\": [{\"Effect\": \"Deny\", \"Action\": \"*\", \"Resource\": \"*\"}]}")),
                400,
                "ValidationError",
                "Signet does not serve the member Policy of STS.");
    }
}
