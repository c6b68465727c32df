package dev.signet.server.http.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * Several accounts on one real server, through the AWS SDK for Java v2: account A (the bootstrap
 * account) creates account B with {@code POST /v1/accounts}; B's administrator sees none of A's
 * profiles, jobs, buckets, objects, IAM users or code signing configs; B may sign with A's profile
 * only while A's AddProfilePermission names B's account; only A may create and list accounts.
 */
class AccountsSdkTest {
    static final String A = "000000000000";
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    static final ObjectMapper JSON = new ObjectMapper();

    static TestServer server;
    static String b;
    static StaticCredentialsProvider bCredentials;
    static String bAdminArn;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        try (SignerClient signer = server.signer();
                S3Client s3 = server.s3()) {
            signer.putSigningProfile(r -> r.profileName("release").platformId(CMS));
            sign(signer, "release", null);
            s3.createBucket(r -> r.bucket("a-artifacts"));
            s3.putObject(r -> r.bucket("a-artifacts").key("secret.bin"), RequestBody.fromString("a's"));
        }
        HttpResponse<String> created =
                nativeCall(server.credentialsProvider(), "POST", "/v1/accounts", "{\"name\":\"team b\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode account = JSON.readTree(created.body());
        b = account.path("accountId").asText();
        bAdminArn = account.path("administrator").path("arn").asText();
        bCredentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(
                account.path("administrator").path("accessKeyId").asText(),
                account.path("administrator").path("secretAccessKey").asText()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theNewAccountHasItsOwnIdAdministratorAndKey() throws Exception {
        assertThat(b).matches("[0-9]{12}").isNotEqualTo(A);
        assertThat(bAdminArn).isEqualTo("arn:aws:iam::" + b + ":user/admin");
        assertThat(bCredentials.resolveCredentials().accessKeyId()).matches("AKIA[A-Z2-7]{16}");

        JsonNode listed = JSON.readTree(nativeCall(server.credentialsProvider(), "GET", "/v1/accounts", "")
                .body());
        assertThat(listed.path("accounts").findValuesAsText("accountId")).containsExactly(A, b);
        assertThat(listed.path("accounts").get(1).path("name").asText()).isEqualTo("team b");
        assertThat(listed.path("accounts").get(1).path("status").asText()).isEqualTo("ACTIVE");
        assertThat(listed.toString()).doesNotContain("secretAccessKey");

        try (var sts = software.amazon.awssdk.services.sts.StsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(bCredentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            var identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo(b);
            assertThat(identity.arn()).isEqualTo(bAdminArn);
        }
    }

    @Test
    void onlyTheBootstrapAccountMayCreateOrListAccounts() throws Exception {
        String registry = "arn:aws:signet::" + A + ":accounts";
        for (String[] call : new String[][] {{"POST", "CreateAccount"}, {"GET", "ListAccounts"}}) {
            HttpResponse<String> refused = nativeCall(bCredentials, call[0], "/v1/accounts", "");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("X-Amzn-ErrorType")).contains("AccessDeniedException");
            assertThat(JSON.readTree(refused.body()).path("message").asText())
                    .isEqualTo("User: " + bAdminArn + " is not authorized to perform: signet:" + call[1]
                            + " on resource: " + registry + " because no resource-based policy allows the signet:"
                            + call[1] + " action");
        }
        JsonNode after = JSON.readTree(nativeCall(server.credentialsProvider(), "GET", "/v1/accounts", "")
                .body());
        assertThat(after.path("accounts").size()).isEqualTo(2);
    }

    @Test
    void aBadNameIsRefusedAndCreatesNothing() throws Exception {
        HttpResponse<String> refused = nativeCall(
                server.credentialsProvider(), "POST", "/v1/accounts", "{\"name\":\"" + "x".repeat(51) + "\"}");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("name must be 1 to 50 printable ASCII characters");
        HttpResponse<String> unknown =
                nativeCall(server.credentialsProvider(), "POST", "/v1/accounts", "{\"owner\":\"x\"}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown member owner");
        JsonNode after = JSON.readTree(nativeCall(server.credentialsProvider(), "GET", "/v1/accounts", "")
                .body());
        assertThat(after.path("accounts").size()).isEqualTo(2);
    }

    @Test
    void theNewAccountSeesNoneOfTheOthersProfilesJobsOrConfigs() {
        try (SignerClient signer = server.signer(c -> c.credentialsProvider(bCredentials));
                LambdaClient lambda = server.lambda(c -> c.credentialsProvider(bCredentials));
                LambdaClient aLambda = server.lambda()) {
            assertThat(signer.listSigningProfiles().profiles()).isEmpty();
            assertThat(signer.listSigningJobs().jobs()).isEmpty();
            assertError(
                    () -> signer.getSigningProfile(r -> r.profileName("release")),
                    404,
                    "ResourceNotFoundException",
                    "signing profile release does not exist");

            String csc = aLambda.createCodeSigningConfig(r -> r.allowedPublishers(p -> p.signingProfileVersionArns(
                            "arn:aws:signer:us-east-1:" + A + ":/signing-profiles/release/ABCDEFGHIJ")))
                    .codeSigningConfig()
                    .codeSigningConfigArn();
            assertThat(lambda.listCodeSigningConfigs(r -> {}).codeSigningConfigs())
                    .isEmpty();
            assertError(
                    () -> lambda.getCodeSigningConfig(r -> r.codeSigningConfigArn(csc)),
                    403,
                    "AccessDeniedException",
                    "User: " + bAdminArn + " is not authorized to perform: lambda:GetCodeSigningConfig on resource: "
                            + csc + " because no resource-based policy allows the lambda:GetCodeSigningConfig action");

            // B's own config carries B's account in its ARN, and B can read it
            String own = lambda.createCodeSigningConfig(r -> r.allowedPublishers(p -> p.signingProfileVersionArns(
                            "arn:aws:signer:us-east-1:" + b + ":/signing-profiles/mine/ABCDEFGHIJ")))
                    .codeSigningConfig()
                    .codeSigningConfigArn();
            assertThat(own).startsWith("arn:aws:lambda:us-east-1:" + b + ":code-signing-config:csc-");
            assertThat(lambda.getCodeSigningConfig(r -> r.codeSigningConfigArn(own))
                            .codeSigningConfig()
                            .codeSigningConfigArn())
                    .isEqualTo(own);
            assertThat(aLambda.listCodeSigningConfigs(r -> {}).codeSigningConfigs())
                    .extracting(c -> c.codeSigningConfigArn())
                    .containsExactly(csc);
        }
    }

    @Test
    void theNewAccountSeesNoneOfTheOthersIamUsers() {
        try (IamClient aIam = iam(server.credentialsProvider());
                IamClient bIam = iam(bCredentials)) {
            aIam.createUser(r -> r.userName("a-dev"));
            assertThat(bIam.listUsers().users()).isEmpty();
            assertError(
                    () -> bIam.getUser(r -> r.userName("a-dev")),
                    404,
                    "NoSuchEntity",
                    "The user with name a-dev cannot be found.");
            // the same name is free in B, and B's user is B's
            assertThat(bIam.createUser(r -> r.userName("a-dev")).user().arn())
                    .isEqualTo("arn:aws:iam::" + b + ":user/a-dev");
            assertThat(aIam.listUsers().users()).extracting(u -> u.arn()).contains("arn:aws:iam::" + A + ":user/a-dev");
        }
    }

    @Test
    void bucketsAndObjectsBelongToTheAccountThatCreatedThem() {
        try (S3Client s3 = server.s3(c -> c.credentialsProvider(bCredentials));
                S3Client aS3 = server.s3()) {
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain("a-artifacts");
            assertError(
                    () -> s3.getObject(r -> r.bucket("a-artifacts").key("secret.bin")),
                    403,
                    "AccessDenied",
                    "User: " + bAdminArn + " is not authorized to perform: s3:GetObject on resource:"
                            + " arn:aws:s3:::a-artifacts/secret.bin because no resource-based policy allows the"
                            + " s3:GetObject action");
            assertError(
                    () -> s3.listObjectsV2(r -> r.bucket("a-artifacts")),
                    403,
                    "AccessDenied",
                    "User: " + bAdminArn + " is not authorized to perform: s3:ListBucket on resource:"
                            + " arn:aws:s3:::a-artifacts because no resource-based policy allows the s3:ListBucket"
                            + " action");
            assertError(
                    () -> s3.putObject(r -> r.bucket("a-artifacts").key("planted"), RequestBody.fromString("x")),
                    403,
                    "AccessDenied",
                    "User: " + bAdminArn + " is not authorized to perform: s3:PutObject on resource:"
                            + " arn:aws:s3:::a-artifacts/planted because no resource-based policy allows the"
                            + " s3:PutObject action");
            assertError(
                    () -> s3.createBucket(r -> r.bucket("a-artifacts")),
                    409,
                    "BucketAlreadyExists",
                    "The requested bucket name is not available. The bucket namespace is shared by all users of"
                            + " the system. Please select a different name and try again.");
            // a bucket that does not exist is NoSuchBucket for everyone, as on AWS
            assertError(() -> s3.headBucket(r -> r.bucket("nobody-has-this")), 404, null, null);

            s3.createBucket(r -> r.bucket("b-listing"));
            assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).contains("b-listing");
            assertThat(aS3.listBuckets().buckets())
                    .extracting(Bucket::name)
                    .contains("a-artifacts")
                    .doesNotContain("b-listing");
            assertThat(aS3.getObjectAsBytes(r -> r.bucket("a-artifacts").key("secret.bin"))
                            .asUtf8String())
                    .isEqualTo("a's");
        }
    }

    @Test
    void aProfileIsSharedWithAnotherAccountOnlyWhilePermitted() {
        String profileArn = "arn:aws:signer:us-east-1:" + A + ":/signing-profiles/release";
        try (SignerClient owner = server.signer();
                SignerClient signer = server.signer(c -> c.credentialsProvider(bCredentials));
                S3Client s3 = server.s3(c -> c.credentialsProvider(bCredentials))) {
            s3.createBucket(r -> r.bucket("b-sources"));
            s3.putBucketVersioning(r -> r.bucket("b-sources").versioningConfiguration(v -> v.status("Enabled")));
            String version = s3.putObject(r -> r.bucket("b-sources").key("app.bin"), RequestBody.fromString("app"))
                    .versionId();

            assertError(
                    () -> sign(signer, "release", A),
                    403,
                    "AccessDeniedException",
                    denied("signer:SignPayload", profileArn));
            assertError(
                    () -> startJob(signer, version),
                    403,
                    "AccessDeniedException",
                    denied("signer:StartSigningJob", profileArn));

            String revision = owner.addProfilePermission(r -> r.profileName("release")
                            .statementId("b-sign")
                            .action("signer:SignPayload")
                            .principal(b))
                    .revisionId();
            revision = owner.addProfilePermission(r -> r.profileName("release")
                            .statementId("b-start")
                            .action("signer:StartSigningJob")
                            .principal(b)
                            .revisionId(revisionOf(owner)))
                    .revisionId();

            String payloadJob = sign(signer, "release", A);
            var described = signer.describeSigningJob(r -> r.jobId(payloadJob));
            assertThat(described.jobOwner()).isEqualTo(A);
            assertThat(described.jobInvoker()).isEqualTo(b);
            assertThat(described.signingMaterial() == null
                            || described.profileName().equals("release"))
                    .isTrue();

            DescribeSigningJobResponse job = await(signer, startJob(signer, version));
            assertThat(job.status()).as(job.statusReason()).isEqualTo(SigningStatus.SUCCEEDED);
            assertThat(job.jobOwner()).isEqualTo(A);
            assertThat(s3.listObjectsV2(r -> r.bucket("b-sources").prefix("signed/"))
                            .contents())
                    .hasSize(1);
            // a grant to sign is no grant to read the profile
            assertError(
                    () -> signer.getSigningProfile(r -> r.profileName("release").profileOwner(A)),
                    403,
                    "AccessDeniedException",
                    denied("signer:GetSigningProfile", profileArn));

            owner.removeProfilePermission(
                    r -> r.profileName("release").statementId("b-sign").revisionId(revisionOf(owner)));
            owner.removeProfilePermission(
                    r -> r.profileName("release").statementId("b-start").revisionId(revisionOf(owner)));
            assertError(
                    () -> sign(signer, "release", A),
                    403,
                    "AccessDeniedException",
                    denied("signer:SignPayload", profileArn));
            assertError(
                    () -> startJob(signer, version),
                    403,
                    "AccessDeniedException",
                    denied("signer:StartSigningJob", profileArn));
            assertThat(revision).isNotEmpty();
        }
    }

    private static String denied(String action, String resource) {
        return "User: " + bAdminArn + " is not authorized to perform: " + action + " on resource: " + resource
                + " because no resource-based policy allows the " + action + " action";
    }

    private static String revisionOf(SignerClient owner) {
        return owner.listProfilePermissions(r -> r.profileName("release")).revisionId();
    }

    private static String startJob(SignerClient signer, String version) {
        return signer.startSigningJob(r -> r.profileName("release")
                        .profileOwner(A)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s -> s.s3(
                                o -> o.bucketName("b-sources").key("app.bin").version(version)))
                        .destination(d -> d.s3(o -> o.bucketName("b-sources").prefix("signed/"))))
                .jobId();
    }

    private static DescribeSigningJobResponse await(SignerClient signer, String jobId) {
        try {
            signer.waiter()
                    .waitUntilSuccessfulSigningJob(
                            r -> r.jobId(jobId),
                            o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                    .maxAttempts(600));
        } catch (SdkClientException failedOrTimedOut) {
            // the state is asserted from DescribeSigningJob
        }
        return signer.describeSigningJob(r -> r.jobId(jobId));
    }

    private static String sign(SignerClient signer, String profile, String profileOwner) {
        return signer.signPayload(r -> r.profileName(profile)
                        .profileOwner(profileOwner)
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat(DIGEST_FORMAT))
                .jobId();
    }

    private static IamClient iam(StaticCredentialsProvider credentials) {
        return IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    private static void assertError(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
            assertThat(e.statusCode()).as(e.getMessage()).isEqualTo(status);
            if (code != null) {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
            }
            if (message != null) {
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            }
        });
    }

    /** A native {@code /v1} request signed for the service {@code signet}. */
    static HttpResponse<String> nativeCall(
            StaticCredentialsProvider credentials, String method, String path, String body) throws Exception {
        URI uri = server.endpoint().resolve(path);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(credentials.resolveCredentials())
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.fromValue(method))
                                .uri(uri)
                                .putHeader("Content-Type", "application/json")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        bytes.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return HttpClient.newHttpClient().send(http.build(), HttpResponse.BodyHandlers.ofString());
    }
}
