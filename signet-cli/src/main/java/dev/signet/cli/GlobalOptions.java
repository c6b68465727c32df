package dev.signet.cli;

import dev.signet.cli.client.ClientOptions;
import dev.signet.cli.output.OutputOptions;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every {@code signet} command takes, before or after the subcommand's name ({@code
 * signet --data DIR verify FILE} and {@code signet verify FILE --data DIR} are the same): picocli
 * inherits them into every subcommand, and all copies write these fields of the root command's
 * mixin. An option given twice to one command is a usage error; given before and after the
 * subcommand, the later one wins, as picocli parses it.
 *
 * <p>This is the only definition of these options: {@code Main} finds the command's name with
 * picocli's parse of them, and {@code bin/signet} skips the ones that take a value as listed in the
 * launch files generated from this model at build time ({@link Launch}).
 */
public final class GlobalOptions {
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
            names = "--aws-profile",
            paramLabel = "NAME",
            scope = ScopeType.INHERIT,
            description = "AWS CLI profile to sign client requests with, from $AWS_CONFIG_FILE (~/.aws/config) and"
                    + " $AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials): keys, or role_arn + source_profile"
                    + " (assumed through the server's STS). Overrides $AWS_ACCESS_KEY_ID and $AWS_PROFILE.")
    String awsProfile;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: text). Files are written with --out.")
    OutputOptions.Format format;

    private ClientOptions client;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces and SDK details on errors.")
    boolean debug;

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

    /**
     * Where client commands connect and with which credentials; the same instance for the whole
     * invocation, so credentials are looked up (and a role assumed) once.
     */
    public ClientOptions client() {
        if (client == null) {
            client = ClientOptions.of(endpoint, data, awsProfile);
        }
        return client;
    }
}
