package dev.signet.cli.credentials;

import dev.signet.cli.CliContext;
import dev.signet.cli.CliException;
import dev.signet.core.sigv4.AccessKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Credentials from the environment, as the AWS CLI reads them: {@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY}, with {@code AWS_SESSION_TOKEN} for temporary credentials and optionally
 * {@code AWS_CREDENTIAL_EXPIRATION} (ISO 8601), which only makes the expired-session message precise.
 * Refuses, as usage errors: one key variable without the other, a session token without keys, a
 * token that cannot travel in a header, an expiration that is not a time.
 */
public final class EnvironmentCredentials {
    static final String SOURCE = "the environment (AWS_ACCESS_KEY_ID)";

    private EnvironmentCredentials() {}

    /** The environment's credentials, if it holds keys. */
    public static Optional<Credentials> of(CliContext context) {
        Optional<String> id = context.env("AWS_ACCESS_KEY_ID");
        Optional<String> secret = context.env("AWS_SECRET_ACCESS_KEY");
        Optional<String> token = context.env("AWS_SESSION_TOKEN");
        if (id.isPresent() != secret.isPresent()) {
            throw CliException.usage("set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither");
        }
        if (id.isEmpty()) {
            if (token.isPresent()) {
                throw CliException.usage(
                        "AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
            }
            return Optional.empty();
        }
        Optional<Instant> expiration = context.env("AWS_CREDENTIAL_EXPIRATION").map(EnvironmentCredentials::time);
        try {
            return Optional.of(new Credentials(new AccessKey(id.get(), secret.get()), token, expiration, SOURCE));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("AWS_SESSION_TOKEN is not a session token (" + e.getMessage() + ")");
        }
    }

    private static Instant time(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw CliException.usage("AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time such as"
                    + " 2026-01-01T12:00:00Z: '" + value + "'");
        }
    }
}
