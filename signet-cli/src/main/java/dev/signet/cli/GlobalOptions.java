package dev.signet.cli;

import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.output.OutputOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every {@code signet} command takes, before or after the subcommand's name ({@code
 * signet --data DIR verify FILE} and {@code signet verify FILE --data DIR} are the same): picocli
 * inherits them into every subcommand, and all copies write these fields of the root command's
 * mixin. An option given twice to one command is a usage error; given before and after the
 * subcommand, the later one wins, as picocli parses it.
 *
 * <p>{@code verify/QuickVerify} recognises {@code --data} and {@code -o/--output} by hand (before
 * or after {@code verify}), and {@code bin/signet} skips these options to find the subcommand: keep
 * the three in step.
 */
public final class GlobalOptions {
    /** The names {@link #commandIndex} skips, each followed by its value. */
    private static final Set<String> WITH_VALUE = Set.of("--data", "--endpoint", "-o", "--output");

    @Option(
            names = "--data",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Local data directory: the server keeps everything there; client commands read its"
                    + " credentials, the running server's endpoint and the CA root (default: $SIGNET_HOME, else"
                    + " ./signet-data).")
    Path data;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "Signet server URL for client commands (default: $AWS_ENDPOINT_URL, else the running"
                    + " local server, else " + ClientOptions.DEFAULT_ENDPOINT + ").")
    String endpoint;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: text). Files are written with --out.")
    OutputOptions.Format format;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and SDK details on errors.")
    boolean debug;

    /** The options as parsed by hand ({@code QuickVerify}): no endpoint, no debug. */
    public static GlobalOptions of(Optional<Path> data, Optional<OutputOptions.Format> format) {
        GlobalOptions options = new GlobalOptions();
        options.data = data.orElse(null);
        options.format = format.orElse(null);
        return options;
    }

    public Optional<Path> data() {
        return Optional.ofNullable(data);
    }

    public Optional<String> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public boolean debug() {
        return debug;
    }

    /** Whether {@code -o/--output} was given at all. */
    public boolean outputGiven() {
        return format != null;
    }

    public OutputOptions output() {
        return OutputOptions.of(format == null ? OutputOptions.Format.text : format);
    }

    /** Where client commands connect and which data directory holds their credentials. */
    public ClientOptions client() {
        return ClientOptions.of(endpoint, data);
    }

    /**
     * The index of the subcommand's name in {@code args}: the first argument that is not one of these
     * options or its value ({@code --data DIR}, {@code --data=DIR}, {@code -oFORMAT}, {@code --debug});
     * {@code args.length} when there is none.
     */
    public static int commandIndex(String[] args) {
        Objects.requireNonNull(args, "args");
        int i = 0;
        while (i < args.length) {
            String arg = args[i];
            if (WITH_VALUE.contains(arg)) {
                i += 2;
            } else if (arg.equals("--debug")
                    || arg.startsWith("--data=")
                    || arg.startsWith("--endpoint=")
                    || arg.startsWith("--output=")
                    || (arg.startsWith("-o") && arg.length() > 2)) {
                i++;
            } else {
                return i;
            }
        }
        return args.length;
    }
}
