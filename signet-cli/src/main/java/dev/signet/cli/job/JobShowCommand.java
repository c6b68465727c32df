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

/** {@code signet job show}: a job with its approvals (POST /v1/jobs/describe). */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show a signing job, with the approvals it waits for and the decisions made.")
public final class JobShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "JOB", description = "The signing job's id.")
    String jobId;

    @Option(names = "--job-owner", paramLabel = "ACCOUNT", description = "The account owning the job (default: yours).")
    String jobOwner;

    @Override
    public Integer call() {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        if (jobOwner != null) {
            body.put("jobOwner", jobOwner);
        }
        JobViews.call(spec, "/v1/jobs/describe", body);
        return ExitCode.OK;
    }
}
