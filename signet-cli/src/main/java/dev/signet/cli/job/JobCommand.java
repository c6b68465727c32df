package dev.signet.cli.job;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet job}: signing jobs, their approvals (docs/access-control.md, "Approvals"). */
@Command(
        name = JobCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "Show signing jobs; approve or reject jobs waiting for approvals.",
        subcommands = {JobShowCommand.class, JobApproveCommand.class, JobRejectCommand.class})
public final class JobCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "job";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
