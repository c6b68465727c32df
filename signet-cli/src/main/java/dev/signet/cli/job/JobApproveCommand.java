package dev.signet.cli.job;

import dev.signet.cli.ExitCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code signet job approve}: one approval of a job waiting for approvals (POST /v1/jobs/approve). */
@Command(
        name = "approve",
        mixinStandardHelpOptions = true,
        description = {
            "Approve a signing job that waits for approvals. You must be one of its profile's approvers",
            "and not the job's requester; the job runs once enough approvers approved it."
        })
public final class JobApproveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The signing job's id.")
    String jobId;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why you approve (recorded with the approval).")
    String reason;

    @Option(names = "--job-owner", paramLabel = "ACCOUNT", description = "The account owning the job (default: yours).")
    String jobOwner;

    @Override
    public Integer call() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        if (reason != null) {
            body.put("reason", reason);
        }
        if (jobOwner != null) {
            body.put("jobOwner", jobOwner);
        }
        JobViews.call(spec, "/v1/jobs/approve", body);
        return ExitCode.OK;
    }
}
