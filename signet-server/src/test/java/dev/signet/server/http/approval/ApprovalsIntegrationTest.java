package dev.signet.server.http.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.testing.Processes;
import dev.signet.server.http.RawRequests;
import dev.signet.server.service.OpensslCms;
import dev.signet.server.testing.MutableClock;
import dev.signet.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.DescribeSigningJobResponse;
import software.amazon.awssdk.services.signer.model.SigningStatus;
import software.amazon.awssdk.services.signer.model.ValidationException;

/**
 * Approvals (n of m) on a real server: IAM users made through the IAM API approve and reject
 * StartSigningJob jobs (AWS SDK) through the native routes; the job waits, runs once the quorum is
 * reached and its output verifies with openssl; the requester, principals the policy does not name
 * and a second approval by the same approver count nothing; a rejection and the window's end fail
 * the job; SignPayload is refused; a group names its members.
 */
class ApprovalsIntegrationTest {
    static final String ACCOUNT = "000000000000";
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final ObjectMapper JSON = new ObjectMapper();
    static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dir;

    static MutableClock clock;
    static TestServer server;
    static IamClient iam;
    static SignerClient adminSigner;
    static S3Client s3;
    static User requester;
    static User alice;
    static User bob;
    static User carol;
    static User outsider;

    /** An IAM user with an access key. */
    record User(String name, String arn, AwsBasicCredentials credentials) {
        StaticCredentialsProvider provider() {
            return StaticCredentialsProvider.create(credentials);
        }
    }

    @BeforeAll
    static void start() {
        clock = MutableClock.ofNow();
        server = TestServer.start(clock);
        iam = IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(server.credentialsProvider())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        adminSigner = server.signer();
        s3 = server.s3();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
        String everything = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Action\":[\"signer:*\",\"s3:*\",\"signet:*\"],\"Resource\":\"*\"}]}";
        requester = user("requester", everything);
        alice = user("alice", everything);
        bob = user("bob", everything);
        carol = user("carol", everything);
        outsider = user("outsider", everything);
    }

    @AfterAll
    static void stop() {
        s3.close();
        adminSigner.close();
        iam.close();
        server.close();
    }

    static User user(String prefix, String policy) {
        String name = prefix + NAMES.incrementAndGet();
        String arn = iam.createUser(r -> r.userName(name)).user().arn();
        iam.putUserPolicy(r -> r.userName(name).policyName("p").policyDocument(policy));
        AccessKey key = iam.createAccessKey(r -> r.userName(name)).accessKey();
        return new User(name, arn, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
    }

    /** A new CMS profile requiring {@code quorum} of {@code approvers} within {@code windowSeconds}. */
    static String profile(int quorum, List<String> approvers, long windowSeconds) throws Exception {
        String name = "gated_" + NAMES.incrementAndGet();
        adminSigner.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        HttpResponse<String> put = call(
                server.credentials(),
                "/v1/profiles/approval-policy",
                Map.of("profileName", name, "quorum", quorum, "approvers", approvers, "windowSeconds", windowSeconds));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return name;
    }

    static HttpResponse<String> call(AwsBasicCredentials who, String path, Map<String, ?> body) throws Exception {
        return RawRequests.signedSend(
                "POST",
                server.endpoint().resolve(path),
                "signet",
                who,
                Clock.systemUTC(),
                JSON.writeValueAsBytes(body),
                Map.of("content-type", "application/json"));
    }

    static HttpResponse<String> approve(User who, String jobId) throws Exception {
        return call(who.credentials(), "/v1/jobs/approve", Map.of("jobId", jobId, "reason", "looked at it"));
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    record Started(String jobId, Path artifact) {}

    static Started startJob(String profile) throws Exception {
        Path artifact = dir.resolve("artifact-" + UUID.randomUUID() + ".bin");
        Files.write(
                artifact, ("release build " + UUID.randomUUID()).repeat(1000).getBytes(StandardCharsets.UTF_8));
        String key = "builds/" + artifact.getFileName();
        try (S3Client mine = server.s3(b -> b.credentialsProvider(requester.provider()));
                SignerClient signer = server.signer(b -> b.credentialsProvider(requester.provider()))) {
            String version = mine.putObject(b -> b.bucket("sources").key(key), RequestBody.fromFile(artifact))
                    .versionId();
            String jobId = signer.startSigningJob(b -> b.profileName(profile)
                            .clientRequestToken(UUID.randomUUID().toString())
                            .source(s ->
                                    s.s3(o -> o.bucketName("sources").key(key).version(version)))
                            .destination(d -> d.s3(o -> o.bucketName("signed").prefix("out/"))))
                    .jobId();
            return new Started(jobId, artifact);
        }
    }

    static DescribeSigningJobResponse describe(String jobId) {
        return adminSigner.describeSigningJob(b -> b.jobId(jobId));
    }

    @Test
    void twoOfThreeApproversLetTheJobRunAndItsOutputVerifies() throws Exception {
        String profile = profile(2, List.of(alice.arn(), bob.arn(), carol.arn()), 3600);
        Started job = startJob(profile);
        DescribeSigningJobResponse waiting = describe(job.jobId());
        assertThat(waiting.status()).isEqualTo(SigningStatus.IN_PROGRESS);
        assertThat(waiting.statusReason()).isEqualTo("waiting for approvals (0 of 2)");

        HttpResponse<String> own = approve(requester, job.jobId());
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(json(own).path("message").asText())
                .isEqualTo(requester.arn() + " requested signing job " + job.jobId()
                        + " and cannot approve it: approvals must come from other principals");
        HttpResponse<String> stranger = approve(outsider, job.jobId());
        assertThat(stranger.statusCode()).isEqualTo(403);
        assertThat(json(stranger).path("message").asText())
                .isEqualTo(outsider.arn() + " is not an approver of signing job " + job.jobId() + " (signing profile "
                        + profile + "'s approval policy does not name it)");

        HttpResponse<String> first = approve(alice, job.jobId());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("outcome").asText()).isEqualTo("COUNTED");
        HttpResponse<String> again = approve(alice, job.jobId());
        assertThat(json(again).path("outcome").asText()).isEqualTo("DUPLICATE");
        DescribeSigningJobResponse oneOfTwo = describe(job.jobId());
        assertThat(oneOfTwo.status()).isEqualTo(SigningStatus.IN_PROGRESS);
        assertThat(oneOfTwo.statusReason())
                .startsWith("waiting for approvals (1 of 2): approved by " + alice.arn() + " at ");
        JsonNode shown = json(call(server.credentials(), "/v1/jobs/describe", Map.of("jobId", job.jobId())));
        assertThat(shown.path("approvals").path("decisions")).hasSize(1);
        assertThat(shown.path("approvals")
                        .path("decisions")
                        .get(0)
                        .path("approver")
                        .asText())
                .isEqualTo(alice.arn());
        assertThat(shown.path("approvals")
                        .path("decisions")
                        .get(0)
                        .path("reason")
                        .asText())
                .isEqualTo("looked at it");

        HttpResponse<String> second = approve(bob, job.jobId());
        assertThat(json(second).path("outcome").asText()).as(second.body()).isEqualTo("RELEASED");
        DescribeSigningJobResponse done = adminSigner
                .waiter()
                .waitUntilSuccessfulSigningJob(
                        b -> b.jobId(job.jobId()),
                        o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                .maxAttempts(600))
                .matched()
                .response()
                .orElseThrow();
        assertThat(done.status()).isEqualTo(SigningStatus.SUCCEEDED);
        byte[] signature = s3.getObjectAsBytes(b -> b.bucket("signed").key("out/" + job.jobId()))
                .asByteArray();
        Processes.Result verified =
                OpensslCms.verify(job.artifact(), signature, server.dataDir().resolve("ca/root.pem"));
        assertThat(verified.ok()).as(verified.output()).isTrue();
        HttpResponse<String> late = approve(carol, job.jobId());
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).path("message").asText())
                .startsWith("signing job " + job.jobId() + " is not waiting for approvals (status Succeeded");
    }

    @Test
    void aRejectionFailsTheJobWithItsReason() throws Exception {
        String profile = profile(2, List.of(alice.arn(), bob.arn()), 3600);
        Started job = startJob(profile);
        HttpResponse<String> noReason = call(bob.credentials(), "/v1/jobs/reject", Map.of("jobId", job.jobId()));
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(json(noReason).path("message").asText()).isEqualTo("reason is required to reject a signing job");

        HttpResponse<String> rejected = call(
                bob.credentials(), "/v1/jobs/reject", Map.of("jobId", job.jobId(), "reason", "not a release commit"));
        assertThat(json(rejected).path("outcome").asText()).as(rejected.body()).isEqualTo("REJECTED");
        DescribeSigningJobResponse failed = describe(job.jobId());
        assertThat(failed.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(failed.statusReason())
                .startsWith("rejected by " + bob.arn() + " at ")
                .endsWith(": not a release commit");
        assertThat(approve(alice, job.jobId()).statusCode()).isEqualTo(409);
    }

    @Test
    void theWindowsEndFailsAWaitingJob() throws Exception {
        String profile = profile(1, List.of(alice.arn()), 60);
        Started job = startJob(profile);
        java.time.Instant started = clock.instant();
        try {
            clock.advance(Duration.ofSeconds(59));
            assertThat(describe(job.jobId()).status()).isEqualTo(SigningStatus.IN_PROGRESS);
            clock.advance(Duration.ofSeconds(2));
            DescribeSigningJobResponse failed = describe(job.jobId());
            assertThat(failed.status()).isEqualTo(SigningStatus.FAILED);
            assertThat(failed.statusReason())
                    .startsWith("the approval window ended at ")
                    .endsWith(" with 0 of 1 approvals");
            assertThat(approve(alice, job.jobId()).statusCode()).isEqualTo(409);
        } finally {
            // the other tests' certificates and signatures are dated by this clock, which openssl checks
            clock.set(started);
        }
    }

    @Test
    void aCanceledProfileFailsItsWaitingJobs() throws Exception {
        String profile = profile(1, List.of(alice.arn()), 3600);
        Started job = startJob(profile);
        adminSigner.cancelSigningProfile(b -> b.profileName(profile));
        DescribeSigningJobResponse failed = describe(job.jobId());
        assertThat(failed.status()).isEqualTo(SigningStatus.FAILED);
        assertThat(failed.statusReason())
                .isEqualTo("signing profile " + profile + " became Canceled while the job was waiting for approvals");
    }

    @Test
    void signPayloadIsRefusedOnAProfileThatRequiresApprovals() throws Exception {
        String profile = profile(2, List.of(alice.arn(), bob.arn()), 3600);
        assertThatThrownBy(() -> adminSigner.signPayload(b -> b.profileName(profile)
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat("application/vnd.signet.digest+sha256")))
                .isInstanceOfSatisfying(
                        ValidationException.class,
                        e -> assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("signing profile " + profile
                                        + " requires 2 approvals per signature; SignPayload"
                                        + " cannot wait for them: use StartSigningJob and have its approvers run signet job"
                                        + " approve"));
        call(server.credentials(), "/v1/profiles/approval-policy/delete", Map.of("profileName", profile));
        assertThat(adminSigner
                        .signPayload(b -> b.profileName(profile)
                                .payload(SdkBytes.fromByteArray(new byte[32]))
                                .payloadFormat("application/vnd.signet.digest+sha256"))
                        .jobId())
                .isNotEmpty();
    }

    @Test
    void aGroupNamesItsMembersAsApprovers() throws Exception {
        String group = "releasers" + NAMES.incrementAndGet();
        String groupArn = iam.createGroup(r -> r.groupName(group)).group().arn();
        String profile = profile(1, List.of(groupArn), 3600);
        Started job = startJob(profile);
        assertThat(approve(carol, job.jobId()).statusCode()).isEqualTo(403);
        iam.addUserToGroup(r -> r.groupName(group).userName(carol.name()));
        HttpResponse<String> approved = approve(carol, job.jobId());
        assertThat(json(approved).path("outcome").asText()).as(approved.body()).isEqualTo("RELEASED");
    }

    @Test
    void thePolicyIsValidatedAndShown() throws Exception {
        String name = "plain_" + NAMES.incrementAndGet();
        adminSigner.putSigningProfile(b -> b.profileName(name).platformId(CMS));
        HttpResponse<String> bad = call(
                server.credentials(),
                "/v1/profiles/approval-policy",
                Map.of("profileName", name, "quorum", 2, "approvers", List.of("alice")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("message").asText())
                .startsWith("approvers: alice is not an IAM user, role or group ARN");
        HttpResponse<String> zero = call(
                server.credentials(),
                "/v1/profiles/approval-policy",
                Map.of("profileName", name, "quorum", 0, "approvers", List.of(alice.arn())));
        assertThat(json(zero).path("message").asText()).isEqualTo("quorum must be 1 to 10, got 0");
        JsonNode none =
                json(call(server.credentials(), "/v1/profiles/approval-policy/get", Map.of("profileName", name)));
        assertThat(none.path("approvalPolicy").isNull()).isTrue();

        call(
                server.credentials(),
                "/v1/profiles/approval-policy",
                Map.of("profileName", name, "quorum", 1, "approvers", List.of(alice.arn())));
        JsonNode shown =
                json(call(server.credentials(), "/v1/profiles/approval-policy/get", Map.of("profileName", name)));
        assertThat(shown.path("approvalPolicy").path("quorum").asInt()).isEqualTo(1);
        assertThat(shown.path("approvalPolicy").path("windowSeconds").asLong()).isEqualTo(86_400);
        assertThat(shown.path("approvalPolicy").path("approvers").get(0).asText())
                .isEqualTo(alice.arn());
        // a tag is not a policy: it neither sets nor removes one
        adminSigner.tagResource(b -> b.resourceArn("arn:aws:signer:us-east-1:" + ACCOUNT + ":/signing-profiles/" + name)
                .tags(Map.of("signet:approval-quorum", "0")));
        JsonNode after =
                json(call(server.credentials(), "/v1/profiles/approval-policy/get", Map.of("profileName", name)));
        assertThat(after.path("approvalPolicy").path("quorum").asInt()).isEqualTo(1);
    }
}
