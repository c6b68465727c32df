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

/** {@code signet job reject}: fails a job waiting for approvals, with a reason (POST /v1/jobs/reject). */
@Command(
        name = "reject",
        mixinStandardHelpOptions = true,
        description = "Reject a signing job that waits for approvals: it fails with your reason.")
public final class JobRejectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The signing job's id.")
    String jobId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (the job's status reason).")
    String reason;

    @Option(names = "--job-owner", paramLabel = "ACCOUNT", description = "The account owning the job (default: yours).")
    String jobOwner;

    @Override
    public Integer call() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("reason", reason);
        if (jobOwner != null) {
            body.put("jobOwner", jobOwner);
        }
        JobViews.call(spec, "/v1/jobs/reject", body);
        return ExitCode.OK;
    }
}
