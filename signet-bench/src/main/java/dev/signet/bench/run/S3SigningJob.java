package dev.signet.bench.run;

import dev.signet.bench.BenchFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * StartSigningJob as AWS users run it, with the AWS CLI against a {@code signet server}: one PUT of
 * the artifact into a versioned bucket, the job, polling until it ends, and, when asked, the download
 * of the signed output.
 */
final class S3SigningJob {
    private final BenchRun run;
    private final Map<String, String> env;
    private final String endpoint;
    private final String bucket;

    private S3SigningJob(BenchRun run, Map<String, String> env, String endpoint, String bucket) {
        this.run = run;
        this.env = env;
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    /** Creates the versioned bucket {@code bucket} on {@code server} (the AWS CLI with the server's credentials). */
    static S3SigningJob on(BenchRun run, SignetServerProcess server, String bucket) throws IOException {
        Path config = run.work.resolve("aws-config");
        if (!Files.exists(config)) {
            Files.writeString(config, "");
        }
        Map<String, String> env = new HashMap<>();
        env.put(
                "AWS_SHARED_CREDENTIALS_FILE",
                server.data().resolve("credentials").toString());
        env.put("AWS_PROFILE", "signet");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_PAGER", "");
        S3SigningJob jobs = new S3SigningJob(run, env, server.endpoint().toString(), bucket);
        jobs.aws("s3", "mb", "s3://" + bucket);
        jobs.aws("s3api", "put-bucket-versioning", "--bucket", bucket, "--versioning-configuration", "Status=Enabled");
        return jobs;
    }

    /**
     * Uploads {@code file}, signs it with {@code profile} and waits for Succeeded; with {@code
     * download}, fetches the signed output there. Fails the run if the job does not succeed.
     */
    void sign(Path file, String profile, Optional<Path> download) throws InterruptedException {
        String key = file.getFileName().toString();
        String version = aws(
                "s3api",
                "put-object",
                "--bucket",
                bucket,
                "--key",
                key,
                "--body",
                file.toString(),
                "--query",
                "VersionId",
                "--output",
                "text");
        String job = aws(
                "signer",
                "start-signing-job",
                "--profile-name",
                profile,
                "--client-request-token",
                "bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime(),
                "--source",
                "s3={bucketName=" + bucket + ",key=" + key + ",version=" + version + "}",
                "--destination",
                "s3={bucketName=" + bucket + ",prefix=signed/}",
                "--query",
                "jobId",
                "--output",
                "text");
        String status = "InProgress";
        for (int i = 0; i < 18000 && status.equals("InProgress"); i++) {
            status = aws("signer", "describe-signing-job", "--job-id", job, "--query", "status", "--output", "text");
            if (status.equals("InProgress")) {
                Thread.sleep(100);
            }
        }
        if (!status.equals("Succeeded")) {
            throw new BenchFailure("signing job " + job + " ended " + status);
        }
        if (download.isPresent()) {
            String signedKey = aws(
                    "signer",
                    "describe-signing-job",
                    "--job-id",
                    job,
                    "--query",
                    "signedObject.s3.key",
                    "--output",
                    "text");
            aws(
                    "s3",
                    "cp",
                    "--only-show-errors",
                    "s3://" + bucket + "/" + signedKey,
                    download.get().toString());
        }
    }

    /** Runs the AWS CLI against the server; its standard output, stripped. */
    private String aws(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint));
        command.addAll(List.of(args));
        return run.commands.ok(BenchRun.STEP, env, command).out().strip();
    }
}
