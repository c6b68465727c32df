package dev.signet.cli.credentials;

import dev.signet.core.sigv4.AccessKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The credentials a client command signs its requests with: an access key, and for temporary
 * credentials (STS) the session token sent beside the signature as {@code X-Amz-Security-Token} and,
 * when known, when the session expires. Refuses a session token that could not travel in an HTTP
 * header (white space, control characters). {@link #toString()} shows neither the secret nor the
 * token.
 *
 * @param key the access key
 * @param sessionToken the session token of temporary credentials
 * @param expiration when the session expires, when known (AssumeRole's answer, {@code
 *     AWS_CREDENTIAL_EXPIRATION})
 * @param source where the credentials were found, for messages ({@code "profile 'ci' (assumed role
 *     ARN)"}); never a secret
 */
public record Credentials(AccessKey key, Optional<String> sessionToken, Optional<Instant> expiration, String source) {
    public Credentials {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(source, "source");
        sessionToken.ifPresent(Credentials::requireHeaderSafe);
    }

    /** Long-term credentials: a key without a session. */
    public static Credentials longTerm(AccessKey key, String source) {
        return new Credentials(key, Optional.empty(), Optional.empty(), source);
    }

    /** Whether the key id is a temporary one ({@code ASIA...}), which needs a session token. */
    public boolean temporaryKey() {
        return key.id().startsWith("ASIA");
    }

    private static void requireHeaderSafe(String token) {
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("a session token is printable ASCII without spaces");
        }
    }

    @Override
    public String toString() {
        return "Credentials[" + key + (sessionToken.isPresent() ? ", sessionToken=***" : "")
                + expiration.map(e -> ", expiration=" + e).orElse("") + ", " + source + "]";
    }
}
