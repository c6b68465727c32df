package dev.signet.cli;

import dev.signet.cli.admin.AdminCommand;
import dev.signet.cli.ca.CaCommand;
import dev.signet.cli.certificate.CertificateCommand;
import dev.signet.cli.profile.ProfileCommand;
import dev.signet.cli.server.ServerCommand;
import dev.signet.cli.sign.SignCommand;
import dev.signet.cli.trustbundle.TrustBundleCommand;
import dev.signet.cli.verify.VerifyCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root {@code signet} command: holds the global options and the context subcommands share. Its
 * subcommands are {@link #COMMANDS}, added to the command line by {@code Main}: only the one invoked
 * when the arguments name one, so a one-shot command builds picocli's model of itself alone.
 */
@Command(
        name = "signet",
        mixinStandardHelpOptions = true,
        version = "signet 0.1.0",
        description = "Signet: a self-hosted code-signing service that speaks the AWS Signer API.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok; for verify: the signature is valid",
            "1:verify: the signature is invalid, untrusted or expired; --csc: blocked",
            "2:usage error: bad flags, unreadable local input or trust bundle",
            "3:the server rejected the request (not found, validation, access denied)",
            "4:the server could not be reached or failed",
            "5:internal error, no verdict (rerun with --debug for details)"
        },
        footer = {
            "",
            "Global options (--data, --endpoint, -o/--output, --debug) go before or after the command's name.",
            "Client commands find the server at --endpoint, $AWS_ENDPOINT_URL, the running local server,"
                    + " or http://127.0.0.1:8080, and sign requests with $AWS_ACCESS_KEY_ID/$AWS_SECRET_ACCESS_KEY"
                    + " or the [signet] profile of DATA/credentials (DATA = --data, $SIGNET_HOME or ./signet-data)."
        })
public final class SignetCommand implements Callable<Integer> {
    /**
     * The subcommands by name, in the order {@code signet --help} lists them. The names are the
     * commands' {@code NAME} constants (which their {@code @Command} annotations use), so that finding
     * the invoked command reads no command's annotation: reading one loads the classes of its
     * subcommands.
     */
    public static final Map<String, Class<?>> COMMANDS = commands(
            ServerCommand.NAME, ServerCommand.class,
            ProfileCommand.NAME, ProfileCommand.class,
            SignCommand.NAME, SignCommand.class,
            VerifyCommand.NAME, VerifyCommand.class,
            CertificateCommand.NAME, CertificateCommand.class,
            CaCommand.NAME, CaCommand.class,
            TrustBundleCommand.NAME, TrustBundleCommand.class,
            AdminCommand.NAME, AdminCommand.class);

    private static Map<String, Class<?>> commands(Object... nameThenClass) {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            commands.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(commands);
    }

    private final CliContext context;

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global = new GlobalOptions();

    public SignetCommand(CliContext context) {
        this.context = context;
    }

    /** The context of the {@code signet} invocation that {@code spec} belongs to. */
    public static CliContext context(CommandSpec spec) {
        return ((SignetCommand) spec.root().userObject()).context;
    }

    public CliContext context() {
        return context;
    }

    /** The global options of the {@code signet} invocation that {@code spec} belongs to. */
    public static GlobalOptions global(CommandSpec spec) {
        return ((SignetCommand) spec.root().userObject()).global;
    }

    public boolean debug() {
        return global.debug();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(context.err());
        return ExitCode.USAGE;
    }
}
