package dev.signet.cli;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Entry point of the {@code signet} command. Every failure ends as one line on stderr and an
 * {@link ExitCode}; stack traces only with {@code --debug}.
 */
public final class Main {
    /**
     * SLF4J's property naming its backend. The jar holds two: slf4j-simple, which every command logs
     * through, and logback, which {@code signet server} switches to for {@code log.format: json}.
     */
    public static final String SLF4J_PROVIDER = "slf4j.provider";

    /** Bytes of input up to which {@code signet sign} uses the JDK's providers. */
    static final long SMALL_INPUTS = 16L << 20;

    private Main() {}

    public static void main(String[] args) {
        if (System.getProperty(SLF4J_PROVIDER) == null) {
            // before anything logs; the server command may still choose logback before it logs
            System.setProperty(SLF4J_PROVIDER, "org.slf4j.simple.SimpleServiceProvider");
            // SLF4J would say on stderr that it honoured the property
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        CliContext context = CliContext.system();
        Invocation invocation = Invocation.of(context, args);
        if (System.getProperty(CryptoProviders.PROPERTY) == null && jdkProvidersSuffice(invocation)) {
            // set here, before anything touches the providers; see CryptoProviders
            System.setProperty(CryptoProviders.PROPERTY, "jdk");
        } else if (invocation.command().filter("sign"::equals).isPresent()) {
            loadDigestProviderMeanwhile();
        }
        int code = invocation.execute(args);
        System.exit(code);
    }

    /**
     * Loads the digest provider (ACCP's native library and its self-test, a few hundred milliseconds)
     * on a daemon thread while the command connects and asks for the profile, instead of on the thread
     * that hashes the file, which waits for it otherwise. The provider is chosen once whichever thread
     * comes first (a class initialisation), so nothing differs but when.
     */
    private static void loadDigestProviderMeanwhile() {
        Thread loader = new Thread(() -> CryptoProviders.digestProvider(HashAlgorithm.SHA256), "signet-crypto-load");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * Whether this one-shot command is cheaper on the JDK's providers than after loading ACCP's native
     * library: a verification, or signing files of {@link #SMALL_INPUTS} bytes in all (larger inputs
     * hash several times faster on ACCP than on the JDK's SHA-2 under C1, which bin/signet runs).
     */
    static boolean jdkProvidersSuffice(Invocation invocation) {
        String command = invocation.command().orElse("");
        if (command.equals("verify")) {
            return true;
        }
        if (!command.equals("sign")) {
            return false;
        }
        long total = 0;
        for (String arg : invocation.commandArgs()) {
            if (arg.equals("--image")) {
                return false;
            }
            try {
                Path file = Path.of(arg);
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
        return Invocation.of(context, args).execute(args);
    }

    /**
     * One {@code signet} invocation: the root command line, with the subcommand the arguments name
     * (found by picocli's own parse of the global options before it; the other subcommands are never
     * built), or with every subcommand when they name none or an unknown one (help, usage errors and
     * picocli's suggestions then see them all).
     *
     * @param command the subcommand's name, if the arguments name one of {@link SignetCommand#COMMANDS}
     * @param commandArgs the arguments after the subcommand's name
     */
    record Invocation(CommandLine commandLine, Optional<String> command, List<String> commandArgs) {
        static Invocation of(CliContext context, String[] args) {
            SignetCommand root = new SignetCommand(context);
            CommandLine cl = new CommandLine(root);
            List<String> rest = rest(cl, args);
            Optional<String> named = rest.isEmpty()
                    ? Optional.empty()
                    : Optional.of(rest.get(0)).filter(SignetCommand.COMMANDS::containsKey);
            if (named.isPresent()) {
                cl.addSubcommand(subcommand(SignetCommand.COMMANDS.get(named.get())));
            } else {
                SignetCommand.COMMANDS.values().forEach(type -> cl.addSubcommand(subcommand(type)));
            }
            cl.setOut(context.out());
            cl.setErr(context.err());
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            cl.setParameterExceptionHandler(Main::usageError);
            cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(root.debug(), context.err(), e));
            return new Invocation(cl, named, named.isPresent() ? List.copyOf(rest.subList(1, rest.size())) : List.of());
        }

        /**
         * A subcommand's own command line: built as a top-level one, so that its model transformer (the
         * server's flags, one per setting) runs, which picocli skips for a class added as a subcommand.
         */
        private static CommandLine subcommand(Class<?> type) {
            return new CommandLine(type);
        }

        /** Executes the command line; flushes what it printed. */
        int execute(String[] args) {
            int code = commandLine.execute(args);
            commandLine.getOut().flush();
            commandLine.getErr().flush();
            return code;
        }

        /**
         * The arguments from the first one that is not a global option (or an option's value) on, as
         * picocli reads the root command's options; empty when there is none or they do not parse.
         */
        private static List<String> rest(CommandLine root, String[] args) {
            root.setStopAtPositional(true);
            root.setUnmatchedArgumentsAllowed(true);
            try {
                CommandLine.ParseResult parsed = root.parseArgs(args);
                List<String> unmatched = parsed.unmatched();
                boolean help = parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested();
                return help || unmatched.isEmpty() || unmatched.get(0).startsWith("-") ? List.of() : unmatched;
            } catch (ParameterException e) {
                return List.of();
            } finally {
                root.setStopAtPositional(false);
                root.setUnmatchedArgumentsAllowed(false);
            }
        }
    }

    /** A command line with every subcommand, as picocli would build it eagerly (for tests). */
    static CommandLine fullCommandLine(CliContext context) {
        return Invocation.of(context, new String[] {"--help"}).commandLine();
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
