package dev.signet.cli.client;

import dev.signet.cli.CliException;
import dev.signet.cli.ExitCode;
import dev.signet.cli.credentials.Credentials;
import java.util.Optional;
import java.util.Set;

/**
 * The one-line error for an error response, the same whichever client received it: {@code CODE:
 * message} (or {@code HTTP STATUS} without a code); {@link ExitCode#UNAVAILABLE} with a {@code server
 * error:} prefix for a 5xx, else {@link ExitCode#REJECTED}. A refusal of the credentials says which
 * credentials were used (never the secret): an expired session ({@code ExpiredToken} in each API's
 * spelling) is the single line "the session token expired at TIME; renew it (...)", and a temporary key
 * without its session token says so.
 */
final class ServerRefusal {
    /** ExpiredToken as IAM, STS and S3 spell it, and as the JSON APIs (Signer, native) do. */
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException");
    /** The refusals of a key or token the server does not know, in each API's spelling. */
    private static final Set<String> UNKNOWN =
            Set.of("UnrecognizedClientException", "InvalidClientTokenId", "InvalidToken", "InvalidAccessKeyId");

    private ServerRefusal() {}

    static CliException of(Credentials credentials, int status, String code, String message, Throwable cause) {
        String line = (code == null ? "HTTP " + status : code) + (message == null ? "" : ": " + message);
        if (status >= 500) {
            return new CliException(ExitCode.UNAVAILABLE, "server error: " + line, cause);
        }
        Optional<CliException> expired = expired(credentials, code, cause);
        if (expired.isPresent()) {
            return expired.get();
        }
        return new CliException(ExitCode.REJECTED, line + hint(credentials, status, code), cause);
    }

    /** The one-line error for an expired session, when {@code code} says the session expired. */
    static Optional<CliException> expired(Credentials credentials, String code, Throwable cause) {
        if (code == null || !EXPIRED.contains(code)) {
            return Optional.empty();
        }
        String when = credentials.expiration().map(at -> "expired at " + at).orElse("has expired");
        return Optional.of(new CliException(
                ExitCode.REJECTED,
                "the session token " + when + "; renew it (credentials from " + credentials.source()
                        + "; the server said " + code + ")",
                cause));
    }

    /** What to check, for a refusal of the credentials ({@code ""} for other refusals). */
    static String hint(Credentials credentials, int status, String code) {
        if (status != 403 && !(code != null && UNKNOWN.contains(code))) {
            return "";
        }
        if (credentials.temporaryKey() && credentials.sessionToken().isEmpty()) {
            return " (the access key " + credentials.key().id() + " of " + credentials.source()
                    + " is temporary: it needs its session token, AWS_SESSION_TOKEN or aws_session_token)";
        }
        return " (check the credentials: " + credentials.source() + ")";
    }
}
