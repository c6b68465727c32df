package dev.signet.cli.trustbundle;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet trust-bundle}: the file offline verifiers trust. */
@Command(
        name = TrustBundleCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "The trust bundle for offline verification (roots, time-stamp chain, revocation list).",
        subcommands = TrustBundleExportCommand.class)
public final class TrustBundleCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "trust-bundle";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
