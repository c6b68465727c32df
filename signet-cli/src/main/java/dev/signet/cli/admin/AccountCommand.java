package dev.signet.cli.admin;

import dev.signet.cli.ExitCode;
import dev.signet.cli.SignetCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code signet admin account}: the deployment's accounts (docs/access-control.md, "Accounts"). */
@Command(
        name = "account",
        mixinStandardHelpOptions = true,
        description = {
            "Create and list the deployment's accounts. Only the bootstrap account (the [signet] key of"
                    + " DATA/credentials, or an identity of that account allowed signet:CreateAccount /"
                    + " signet:ListAccounts) may."
        },
        subcommands = {AccountCreateCommand.class, AccountListCommand.class})
public final class AccountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(SignetCommand.context(spec).err());
        return ExitCode.USAGE;
    }
}
