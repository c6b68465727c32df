package dev.signet.server.service.sts;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.service.Caller;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials whose principal still exists, for the signature checker: the caller, the
 * secret in clear, and what the request must also show (the session token) and respect (the
 * expiration). Deliberately not a record: no {@code toString}, {@code equals} or {@code hashCode}
 * that could leak or compare the secret.
 */
public final class ActiveSession {
    private final Caller caller;
    private final String secretAccessKey;
    private final byte[] tokenSha256;
    private final Instant expiration;

    ActiveSession(Caller caller, String secretAccessKey, String tokenSha256Hex, Instant expiration) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        this.tokenSha256 = tokenSha256Hex.getBytes(StandardCharsets.US_ASCII);
        this.expiration = Objects.requireNonNull(expiration, "expiration");
    }

    public Caller caller() {
        return caller;
    }

    public String secretAccessKey() {
        return secretAccessKey;
    }

    public Instant expiration() {
        return expiration;
    }

    /** Whether {@code token} is this session's token (compared by its hash, in constant time). */
    public boolean tokenMatches(String token) {
        byte[] presented =
                SigV4.sha256Hex(token.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(presented, tokenSha256);
    }

    /** Whether the credentials no longer work at {@code now}. */
    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiration);
    }
}
