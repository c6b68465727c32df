package dev.signet.server.service.sts;

import dev.signet.core.crypto.MasterKey;
import dev.signet.core.sigv4.SigV4;
import dev.signet.server.service.Caller;
import dev.signet.server.service.iam.IamRoleRepository;
import dev.signet.server.service.principals.AccessKeyCache;
import dev.signet.server.service.principals.PrincipalRepository;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Issues and resolves STS's temporary credentials ({@code ASIA...} key id, secret, session token,
 * expiration), stored in the database so that every node of a cluster accepts them.
 *
 * <ul>
 *   <li>The secret is sealed under the master key with the key id as associated data (as an access
 *       key's), since the signature check needs it in clear. The session token is 256 random bits
 *       that the server only ever compares, so only its SHA-256 is stored: a copy of the database
 *       gives no usable token. (A fast hash is enough for a random 256-bit value; there is nothing
 *       to guess.)
 *   <li>Resolved sessions are remembered in the same bounded cache as access keys ({@link
 *       AccessKeyCache}): a session whose user or role was deleted on another node stops working
 *       here within the staleness bound; on this node at once ({@link #principalDeleted}).
 *   <li>A session resolves only while what it acts as exists: the principal, or the role with the
 *       same {@code AROA...} id (a role deleted and created again under the same name is another role).
 *       Expiry is for the caller to check at each request ({@link ActiveSession#expiredAt}), since a
 *       cached session outlives no expiration.
 * </ul>
 */
public final class TemporaryCredentials {
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int TOKEN_BYTES = 32;

    private final SessionRepository sessions;
    private final PrincipalRepository principals;
    private final IamRoleRepository roles;
    private final MasterKey masterKey;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AccessKeyCache<ActiveSession> cache;

    /**
     * @param staleness how long a resolved session is remembered: a session whose role or user was
     *     deleted on another node works here at most this long after
     */
    public TemporaryCredentials(
            SessionRepository sessions,
            PrincipalRepository principals,
            IamRoleRepository roles,
            MasterKey masterKey,
            Clock clock,
            Duration staleness) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.principals = Objects.requireNonNull(principals, "principals");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.clock = Objects.requireNonNull(clock, "clock");
        AccessKeyCache.Limits defaults = AccessKeyCache.Limits.DEFAULT;
        this.cache = new AccessKeyCache<>(
                this::load,
                clock,
                new AccessKeyCache.Limits(
                        defaults.maxKnown(),
                        staleness,
                        defaults.maxUnknown(),
                        staleness.compareTo(defaults.unknownTtl()) < 0 ? staleness : defaults.unknownTtl(),
                        defaults.maxUnknownLookups(),
                        defaults.lookupWait()));
    }

    /**
     * Issues credentials that act as the caller {@code callerOf} builds from the new key id, until
     * {@code expiration}. Expired sessions are forgotten on the way.
     *
     * @param principalId what the session depends on (see {@link StoredSession})
     */
    IssuedCredentials issue(String principalId, Function<String, Caller> callerOf, Instant expiration) {
        Instant now = clock.instant();
        sessions.deleteExpired(now);
        String keyId = newKeyId();
        byte[] secretBytes = new byte[30];
        random.nextBytes(secretBytes);
        String secret = Base64.getEncoder().encodeToString(secretBytes);
        byte[] tokenBytes = new byte[TOKEN_BYTES];
        random.nextBytes(tokenBytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(tokenBytes);
        Arrays.fill(secretBytes, (byte) 0);
        Arrays.fill(tokenBytes, (byte) 0);
        byte[] sealed = masterKey.seal(secret.getBytes(StandardCharsets.UTF_8), aad(keyId));
        Caller caller = callerOf.apply(keyId);
        sessions.create(new StoredSession(
                caller,
                principalId,
                sealed,
                SigV4.sha256Hex(token.getBytes(StandardCharsets.UTF_8)),
                now.truncatedTo(ChronoUnit.MILLIS),
                expiration));
        cache.issued(keyId);
        return new IssuedCredentials(keyId, secret, token, expiration);
    }

    /**
     * The session with this id while its principal or role exists, expired or not; empty otherwise.
     *
     * @throws dev.signet.server.service.ServiceException TooManyRequestsException when an id this
     *     node has not seen could not be looked up within the cache's bound
     */
    public Optional<ActiveSession> resolve(String accessKeyId) {
        if (accessKeyId == null || !accessKeyId.startsWith(Caller.TEMPORARY_PREFIX)) {
            return Optional.empty();
        }
        return cache.resolve(accessKeyId);
    }

    /** A user or role was deleted on this node: its sessions stop working here at once. */
    public void principalDeleted() {
        cache.forgetAll();
    }

    private Optional<ActiveSession> load(String accessKeyId) {
        Optional<StoredSession> stored = sessions.find(accessKeyId);
        if (stored.isEmpty() || !exists(stored.get())) {
            return Optional.empty();
        }
        StoredSession s = stored.get();
        byte[] secret = masterKey.unseal(s.sealedSecret(), aad(accessKeyId));
        try {
            return Optional.of(new ActiveSession(
                    s.caller(), new String(secret, StandardCharsets.UTF_8), s.tokenSha256(), s.expiresAt()));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    private boolean exists(StoredSession s) {
        Optional<Caller.RoleSession> role = s.caller().roleSession();
        if (role.isPresent()) {
            return roles.find(s.caller().accountId(), role.get().roleName())
                    .filter(r -> r.roleId().equals(s.principalId()))
                    .isPresent();
        }
        return principals.findPrincipal(s.principalId()).isPresent();
    }

    private String newKeyId() {
        StringBuilder id = new StringBuilder(Caller.TEMPORARY_PREFIX);
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)]);
        }
        return id.toString();
    }

    /** What a secret's sealing is bound to (the master-key rotation re-seals with it). */
    public static byte[] aad(String accessKeyId) {
        return ("signet:sts-session:" + accessKeyId).getBytes(StandardCharsets.UTF_8);
    }
}
