package dev.signet.cli;

import dev.signet.cli.verify.QuickVerify;
import dev.signet.core.crypto.CryptoProviders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of the {@code signet} command. Every failure ends as one line on stderr and an
 * {@link ExitCode}; stack traces only with {@code --debug}.
 */
public final class Main {
    /** Bytes of input up to which {@code signet sign} uses the JDK's providers. */
    static final long SMALL_INPUTS = 16L << 20;

    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty(CryptoProviders.PROPERTY) == null && jdkProvidersSuffice(args)) {
            // set here, before anything touches the providers; see CryptoProviders
            System.setProperty(CryptoProviders.PROPERTY, "jdk");
        }
        int code = run(CliContext.system(), args);
        System.exit(code);
    }

    /**
     * Whether this one-shot command is cheaper on the JDK's providers than after loading ACCP's native
     * library: a verification, or signing files of {@link #SMALL_INPUTS} bytes in all (larger inputs
     * hash several times faster on ACCP than on the JDK's SHA-2 under C1, which bin/signet runs).
     */
    static boolean jdkProvidersSuffice(String[] args) {
        int command = GlobalOptions.commandIndex(args);
        if (command == args.length) {
            return false;
        }
        if (args[command].equals("verify")) {
            return true;
        }
        if (!args[command].equals("sign")) {
            return false;
        }
        long total = 0;
        for (int i = command + 1; i < args.length; i++) {
            if (args[i].equals("--image")) {
                return false;
            }
            try {
                Path file = Path.of(args[i]);
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            } catch (InvalidPathException | IOException | SecurityException e) {
                // not a file the command will read: it does not count (the command reports bad arguments)
            }
            if (total > SMALL_INPUTS) {
                return false;
            }
        }
        return true;
    }

    /** Runs one invocation in process and returns its exit code; never calls {@code System.exit}. */
    public static int run(CliContext context, String... args) {
        Optional<QuickVerify> quick = QuickVerify.parse(args);
        int code = quick.isPresent()
                ? run(context, quick.get())
                : commandLine(context).execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    /** A plain {@code signet verify}, without picocli; failures end as {@link #failure} words them. */
    private static int run(CliContext context, QuickVerify verify) {
        try {
            return verify.run(context);
        } catch (Exception e) {
            return failure(false, context.err(), e);
        }
    }

    static CommandLine commandLine(CliContext context) {
        SignetCommand root = new SignetCommand(context);
        CommandLine cl = new CommandLine(root);
        cl.setOut(context.out());
        cl.setErr(context.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(root.debug(), context.err(), e));
        return cl;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("signet: " + e.getMessage() + outputHint(e));
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    /**
     * A word for the old {@code trust-bundle export -o FILE}: {@code -o/--output} is the output format
     * everywhere, and a command that writes a file names it with {@code --out}.
     */
    private static String outputHint(ParameterException e) {
        boolean badOutput = e.getArgSpec() instanceof OptionSpec option
                && option.longestName().equals("--output");
        if (badOutput && e.getCommandLine().getCommandSpec().findOption("--out") != null) {
            return " (-o/--output is the output format; name the file with --out FILE)";
        }
        return "";
    }

    private static int failure(boolean debug, PrintWriter err, Exception e) {
        int code;
        String message;
        if (e instanceof CliException cli) {
            code = cli.exitCode();
            message = cli.getMessage();
        } else {
            code = ExitCode.INTERNAL;
            message = "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage()))
                    + (debug ? "" : " (rerun with --debug for details)");
        }
        err.println("signet: " + firstLine(message));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
