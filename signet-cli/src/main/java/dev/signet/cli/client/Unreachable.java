package dev.signet.cli.client;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import java.net.ConnectException;
import java.net.URI;

/** The one-line error for a server that cannot be reached. */
public final class Unreachable {
    private Unreachable() {}

    public static CliException error(URI endpoint, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new CliException(
                        ExitCode.UNAVAILABLE,
                        "cannot reach Signet at " + endpoint + ": is `signet server` running?",
                        e);
            }
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException(ExitCode.UNAVAILABLE, "cannot reach Signet at " + endpoint + ": " + reason, e);
    }
}
