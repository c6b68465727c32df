package dev.signet.cli.admin;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import dev.signet.cli.server.BackupCommand;
import dev.signet.cli.server.RestoreCommand;
import dev.signet.cli.server.RotateMasterKeyCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet admin}: administering the deployment: its accounts, its master key and its backups. */
@Command(
        name = AdminCommand.NAME,
        mixinStandardHelpOptions = true,
        description = "Administer the deployment: its accounts, its master key, its backups.",
        subcommands = {AccountCommand.class, RotateMasterKeyCommand.class, BackupCommand.class, RestoreCommand.class})
public final class AdminCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "admin";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
