package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.core.testing.Processes;
import dev.signet.server.http.Json;
import dev.signet.server.service.OpensslCms;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI found on the machine ({@code aws signer ...} and {@code aws s3api ...}) against a
 * real server, with the credentials the server wrote: put a profile, upload, start a signing job,
 * describe it, download the signature and verify it with openssl. Fails when {@code aws} is not
 * installed. Every CLI call is bounded by a timeout.
 */
class AwsCliSignerTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    static SignerTestServer server;

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Result(int exit, String out, String err) {}

    static Result aws(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "aws",
                "--endpoint-url",
                server.server.endpoint().toString(),
                "--region",
                "us-east-1",
                "--output",
                "json"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment()
                .put(
                        "AWS_SHARED_CREDENTIALS_FILE",
                        server.server.dataDir().resolve("credentials").toString());
        pb.environment().put("AWS_PROFILE", "signet");
        Path emptyConfig = dir.resolve("empty-config");
        if (!Files.exists(emptyConfig)) {
            Files.createFile(emptyConfig);
        }
        pb.environment().put("AWS_CONFIG_FILE", emptyConfig.toString());
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        Processes.Result r = Processes.runSeparately(pb, CALL_TIMEOUT);
        return new Result(r.exitCode(), r.output(), r.error());
    }

    static JsonNode ok(String... args) throws Exception {
        Result r = aws(args);
        assertThat(r.exit()).as("aws %s\n%s", String.join(" ", args), r.err()).isZero();
        return r.out().isBlank()
                ? Json.mapper().createObjectNode()
                : Json.mapper().readTree(r.out());
    }

    @Test
    void putProfileUploadSignDescribeDownloadAndVerify() throws Exception {
        byte[] content = new byte[200_000];
        new Random(7).nextBytes(content);
        Path artifact = Files.write(dir.resolve("artifact.bin"), content);

        JsonNode profile = ok(
                "signer",
                "put-signing-profile",
                "--profile-name",
                "cli_profile",
                "--platform-id",
                "Signet-CMS-SHA256-ECDSA",
                "--signature-validity-period",
                "value=12,type=MONTHS");
        assertThat(profile.get("profileVersionArn").asText())
                .startsWith(profile.get("arn").asText() + "/");

        ok("s3api", "create-bucket", "--bucket", "cli-sources");
        ok("s3api", "put-bucket-versioning", "--bucket", "cli-sources", "--versioning-configuration", "Status=Enabled");
        ok("s3api", "create-bucket", "--bucket", "cli-signed");
        String version = ok(
                        "s3api",
                        "put-object",
                        "--bucket",
                        "cli-sources",
                        "--key",
                        "app/artifact.bin",
                        "--body",
                        artifact.toString())
                .get("VersionId")
                .asText();

        JsonNode started = ok(
                "signer",
                "start-signing-job",
                "--profile-name",
                "cli_profile",
                "--source",
                "s3={bucketName=cli-sources,key=app/artifact.bin,version=" + version + "}",
                "--destination",
                "s3={bucketName=cli-signed,prefix=signed/}");
        String jobId = started.get("jobId").asText();
        assertThat(started.get("jobOwner").asText()).isEqualTo("000000000000");

        JsonNode job = awaitFinished(jobId);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("Succeeded");
        assertThat(job.get("profileName").asText()).isEqualTo("cli_profile");
        assertThat(job.get("requestedBy").asText()).startsWith("arn:aws:iam::000000000000:");
        String key = job.get("signedObject").get("s3").get("key").asText();
        assertThat(key).isEqualTo("signed/" + jobId);

        Path signature = dir.resolve("downloaded.p7s");
        ok("s3api", "get-object", "--bucket", "cli-signed", "--key", key, signature.toString());
        Processes.Result verified = OpensslCms.verify(artifact, Files.readAllBytes(signature), server.rootPem());
        assertThat(verified.ok()).as(verified.output()).isTrue();
        assertThat(OpensslCms.verify(
                                OpensslCms.flipByte(artifact, 1000), Files.readAllBytes(signature), server.rootPem())
                        .ok())
                .isFalse();

        // the CLI's own encoding of an ARN in the path, and revocation
        ok("signer", "tag-resource", "--resource-arn", profile.get("arn").asText(), "--tags", "team=build");
        assertThat(ok(
                                "signer",
                                "list-tags-for-resource",
                                "--resource-arn",
                                profile.get("arn").asText())
                        .get("tags")
                        .get("team")
                        .asText())
                .isEqualTo("build");
        ok("signer", "revoke-signature", "--job-id", jobId, "--reason", "cli test");
        assertThat(ok("signer", "describe-signing-job", "--job-id", jobId)
                        .get("revocationRecord")
                        .get("reason")
                        .asText())
                .isEqualTo("cli test");

        Result missing = aws("signer", "get-signing-profile", "--profile-name", "no_such_profile");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("ResourceNotFoundException");
    }

    private static JsonNode awaitFinished(String jobId) throws Exception {
        Instant deadline = Instant.now().plus(JOB_TIMEOUT);
        for (int attempt = 0; attempt < 240 && Instant.now().isBefore(deadline); attempt++) {
            JsonNode job = ok("signer", "describe-signing-job", "--job-id", jobId);
            if (!job.get("status").asText().equals("InProgress")) {
                return job;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + JOB_TIMEOUT);
    }
}
