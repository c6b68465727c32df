package dev.signet.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.cli.CliRunner;
import dev.signet.cli.ExitCode;
import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.CredentialsFile;
import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.signer.SignerClient;
import software.amazon.awssdk.services.signer.model.SigningStatus;

/**
 * {@code signet profile approvals}, {@code signet job show}, {@code job approve} and {@code job
 * reject} through the CLI's entry point against the real server, with an approver made through the
 * IAM API: the requester cannot approve its own job, the approver's approval lets it run.
 */
class JobApprovalCommandTest {
    @TempDir
    static Path dir;

    static SignetServer server;
    static StaticCredentialsProvider admin;
    static CliRunner adminCli;
    static CliRunner aliceCli;
    static String aliceArn;
    static SignerClient signer;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        server = SignetServer.start(new ServerConfig("127.0.0.1", 0, data));
        AccessKey key = CredentialsFile.read(data.resolve(CredentialsFile.BOOTSTRAP_FILE))
                .flatMap(f -> f.accessKey(CredentialsFile.BOOTSTRAP_PROFILE))
                .orElseThrow();
        admin = StaticCredentialsProvider.create(AwsBasicCredentials.create(key.id(), key.secret()));
        adminCli = new CliRunner(
                Map.of(
                        "SIGNET_HOME",
                        data.toString(),
                        "AWS_ENDPOINT_URL",
                        server.endpoint().toString()),
                dir);
        try (IamClient iam = IamClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(admin)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            aliceArn = iam.createUser(r -> r.userName("alice")).user().arn();
            iam.putUserPolicy(r -> r.userName("alice")
                    .policyName("approve")
                    .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":[\"signet:ApproveSigningJob\",\"signet:DescribeSigningJob\","
                            + "\"signer:GetSigningProfile\"],\"Resource\":\"*\"}]}"));
            var aliceKey = iam.createAccessKey(r -> r.userName("alice")).accessKey();
            aliceCli = new CliRunner(
                    Map.of(
                            "AWS_ACCESS_KEY_ID", aliceKey.accessKeyId(),
                            "AWS_SECRET_ACCESS_KEY", aliceKey.secretAccessKey(),
                            "AWS_ENDPOINT_URL", server.endpoint().toString()),
                    dir);
        }
        signer = SignerClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(admin)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3 = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(admin)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket("sources"));
        s3.putBucketVersioning(
                b -> b.bucket("sources").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        s3.createBucket(b -> b.bucket("signed"));
    }

    @AfterAll
    static void stop() {
        s3.close();
        signer.close();
        server.close();
    }

    static CliRunner.Result ok(CliRunner cli, String... args) {
        CliRunner.Result result = cli.run(args);
        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(ExitCode.OK);
        return result;
    }

    String startJob(String profile) {
        String version = s3.putObject(
                        b -> b.bucket("sources").key("app.bin"),
                        RequestBody.fromString("the release " + UUID.randomUUID(), StandardCharsets.UTF_8))
                .versionId();
        return signer.startSigningJob(b -> b.profileName(profile)
                        .clientRequestToken(UUID.randomUUID().toString())
                        .source(s ->
                                s.s3(o -> o.bucketName("sources").key("app.bin").version(version)))
                        .destination(d -> d.s3(o -> o.bucketName("signed").prefix("out/"))))
                .jobId();
    }

    @Test
    void anApproverApprovesWithTheCliAndTheJobRuns() {
        ok(adminCli, "profile", "put", "gated_cli", "--platform", "Signet-CMS-SHA256-ECDSA");
        CliRunner.Result set = ok(
                adminCli,
                "profile",
                "approvals",
                "gated_cli",
                "--quorum",
                "1",
                "--approver",
                aliceArn,
                "--window",
                "2h");
        assertThat(set.out())
                .contains("1 of the approvers below, within 7200 s")
                .contains(aliceArn);
        assertThat(ok(adminCli, "profile", "approvals", "gated_cli").out()).contains(aliceArn);
        assertThat(ok(adminCli, "profile", "get", "gated_cli").out())
                .contains("approvals:    1 of " + aliceArn + " within 7200 s");
        assertThat(ok(adminCli, "profile", "get", "gated_cli", "-o", "json").out())
                .contains("\"approvalPolicy\"")
                .contains("\"windowSeconds\": 7200");

        String jobId = startJob("gated_cli");
        CliRunner.Result shown = ok(adminCli, "job", "show", jobId);
        assertThat(shown.out()).contains("waiting for approvals (0 of 1)").contains("(waiting)");

        CliRunner.Result own = adminCli.run("job", "approve", jobId);
        assertThat(own.exitCode()).isEqualTo(ExitCode.REJECTED);
        assertThat(own.err()).contains("cannot approve it: approvals must come from other principals");
        CliRunner.Result noReason = aliceCli.run("job", "reject", jobId);
        assertThat(noReason.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noReason.err()).contains("--reason");

        CliRunner.Result approved = ok(aliceCli, "job", "approve", jobId, "--reason", "reviewed the diff");
        assertThat(approved.out())
                .contains("the quorum is reached and the job runs")
                .contains("approved by " + aliceArn + " at ")
                .contains(": reviewed the diff");
        SigningStatus status = signer.waiter()
                .waitUntilSuccessfulSigningJob(
                        b -> b.jobId(jobId),
                        o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100)))
                                .maxAttempts(600))
                .matched()
                .response()
                .orElseThrow()
                .status();
        assertThat(status).isEqualTo(SigningStatus.SUCCEEDED);
        CliRunner.Result json = ok(aliceCli, "job", "show", jobId, "-o", "json");
        assertThat(json.out()).contains("\"status\": \"Succeeded\"").contains("\"approver\": \"" + aliceArn + "\"");

        CliRunner.Result removed = ok(adminCli, "profile", "approvals", "gated_cli", "--none");
        assertThat(removed.out()).contains("none required");
        assertThat(ok(adminCli, "profile", "get", "gated_cli").out()).contains("approvals:    none required");
        // alice may read the profile but not its approval policy: the profile is shown, and why the policy is not
        assertThat(ok(aliceCli, "profile", "get", "gated_cli").out())
                .contains("gated_cli")
                .contains("approvals:    not shown: ")
                .contains("signet:GetProfileApprovalPolicy");
    }
}
