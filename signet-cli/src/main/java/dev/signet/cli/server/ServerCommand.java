package dev.signet.cli.server;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.cli.DataDir;
import dev.signet.cli.ExitCode;
import dev.signet.cli.GlobalOptions;
import dev.signet.cli.SignetCommand;
import dev.signet.core.ca.CertificateAuthority;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code signet server}: runs the embedded server until Ctrl-C or SIGTERM. Holds only the options;
 * {@link ServerRunner} touches the server classes, so other commands never load them.
 */
@Command(
        name = ServerCommand.NAME,
        mixinStandardHelpOptions = true,
        description = {
            "Run the Signet server on 127.0.0.1 (AWS Signer API, S3 object store, /v1) until Ctrl-C.",
            "On first start it creates DATA with the master key, the CA, the database and the",
            "bootstrap admin access key in DATA/credentials (AWS credentials-file format, profile [signet])."
        })
public final class ServerCommand implements Callable<Integer> {
    /** The command's name (SignetCommand lists it by this name). */
    public static final String NAME = "server";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "N",
            defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--abandoned-upload-age",
            paramLabel = "AGE",
            defaultValue = "7d",
            description = {
                "Abort S3 multipart uploads neither completed nor aborted after AGE: a number and a unit",
                "(d, h, m or s, e.g. 7d, 36h) or an ISO-8601 duration (default: ${DEFAULT-VALUE})."
            })
    String abandonedUploadAge;

    @Option(
            names = "--crl-url",
            paramLabel = "URL",
            description = {
                "http:// URL at which verifiers reach this server's CRL (GET /v1/ca/issuing.crl), named as",
                "the CRL distribution point of certificates of portable Notation profiles created from now on."
            })
    String crlUrl;

    @Override
    public Integer call() throws InterruptedException {
        CliContext context = SignetCommand.context(spec);
        GlobalOptions global = SignetCommand.global(spec);
        if (port < 0 || port > 65535) {
            throw CliException.usage("--port must be 0..65535, got " + port);
        }
        if (global.endpoint().isPresent()) {
            throw CliException.usage("--endpoint is for client commands; the server listens on 127.0.0.1:--port");
        }
        if (global.outputGiven()) {
            throw CliException.usage("--output is for client commands; the server prints its log as text");
        }
        ServerRunner.runUntilShutdown(
                port, DataDir.resolve(context, global.data()), age(abandonedUploadAge), crlUrl(crlUrl));
        return ExitCode.OK;
    }

    /** The {@code --crl-url}, if given: an absolute http URL. */
    static Optional<URI> crlUrl(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            URI url = new URI(text.strip());
            CertificateAuthority.requireHttpUrl(url);
            return Optional.of(url);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw CliException.usage("--crl-url must be an http:// URL, got '" + text + "'");
        }
    }

    /** {@code 7d}, {@code 36h}, {@code 90m}, {@code 30s} or ISO-8601 ({@code P7D}); positive. */
    static Duration age(String text) {
        String t = text.strip();
        Duration age;
        try {
            if (t.length() >= 2 && Character.isDigit(t.charAt(0))) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                age = switch (Character.toLowerCase(t.charAt(t.length() - 1))) {
                    case 'd' -> Duration.ofDays(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 's' -> Duration.ofSeconds(n);
                    default -> throw new NumberFormatException();
                };
            } else {
                age = Duration.parse(t);
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw CliException.usage("--abandoned-upload-age must be like 7d, 36h, 90m or P7D, got '" + text + "'");
        }
        if (age.isNegative() || age.isZero()) {
            throw CliException.usage("--abandoned-upload-age must be positive, got '" + text + "'");
        }
        return age;
    }
}
