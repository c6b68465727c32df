package dev.signet.cli.client;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;

/**
 * The one-line error for a Signer API error response, the same whichever client received it: {@code
 * CODE: message} (or {@code HTTP STATUS} without a code); {@link ExitCode#UNAVAILABLE} with a {@code
 * server error:} prefix for a 5xx, else {@link ExitCode#REJECTED}, with a hint about credentials for
 * a 403.
 */
final class ServerRefusal {
    private ServerRefusal() {}

    static CliException of(int status, String code, String message, Throwable cause) {
        String line = (code == null ? "HTTP " + status : code) + (message == null ? "" : ": " + message);
        if (status >= 500) {
            return new CliException(ExitCode.UNAVAILABLE, "server error: " + line, cause);
        }
        if (status == 403) {
            line += " (check the credentials: AWS_ACCESS_KEY_ID or the data directory's credentials file)";
        }
        return new CliException(ExitCode.REJECTED, line, cause);
    }
}
