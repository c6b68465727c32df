package dev.signet.cli.profile;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet profile}: manage signing profiles (AWS Signer Put/Get/List/CancelSigningProfile). */
@Command(
        name = ProfileCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "Manage signing profiles.",
        subcommands = {
            ProfilePutCommand.class,
            ProfileGetCommand.class,
            ProfileListCommand.class,
            ProfileCancelCommand.class,
            ProfileCsrCommand.class,
            ProfileCertificateCommand.class,
            ProfileRotateCommand.class
        })
public final class ProfileCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "profile";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
