package dev.signet.server.service.sts;

import dev.signet.server.service.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * Temporary credentials as stored: the secret only sealed under the master key, the session token
 * only as its SHA-256. Not a record so that the sealed bytes are copied in and out and never printed.
 *
 * @see SessionRepository
 */
public final class StoredSession {
    private final Caller caller;
    private final String principalId;
    private final byte[] sealedSecret;
    private final String tokenSha256;
    private final Instant createdAt;
    private final Instant expiresAt;

    /**
     * @param caller who the credentials act as; its access key id is the session's {@code ASIA...} id
     * @param principalId what must still exist for the session to work: the principal's id (a user's
     *     {@code AIDA...} id, the administrator's) or, for a role session, the role's {@code AROA...} id
     * @param tokenSha256 the lower-case hex SHA-256 of the session token
     */
    public StoredSession(
            Caller caller,
            String principalId,
            byte[] sealedSecret,
            String tokenSha256,
            Instant createdAt,
            Instant expiresAt) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.sealedSecret = Objects.requireNonNull(sealedSecret, "sealedSecret").clone();
        this.tokenSha256 = Objects.requireNonNull(tokenSha256, "tokenSha256");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.expiresAt = Objects.requireNonNull(expiresAt, "expiresAt");
        if (!caller.isTemporary()) {
            throw new IllegalArgumentException("a session's key id starts with " + Caller.TEMPORARY_PREFIX);
        }
        if (caller.roleSession().isPresent()
                && !caller.roleSession().get().roleId().equals(principalId)) {
            throw new IllegalArgumentException("a role session depends on its role");
        }
    }

    public String accessKeyId() {
        return caller.accessKeyId();
    }

    public Caller caller() {
        return caller;
    }

    public String principalId() {
        return principalId;
    }

    public byte[] sealedSecret() {
        return sealedSecret.clone();
    }

    public String tokenSha256() {
        return tokenSha256;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public String toString() {
        return "StoredSession[" + caller.accessKeyId() + ", " + caller.principalArn() + ", expires " + expiresAt + "]";
    }
}
