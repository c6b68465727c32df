package dev.signet.cli.ca;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet ca}: the deployment's certificate authority. */
@Command(
        name = CaCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "The deployment's certificate authority.",
        subcommands = {CaExportCommand.class, CaRenewCommand.class, CaStatusCommand.class})
public final class CaCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "ca";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
