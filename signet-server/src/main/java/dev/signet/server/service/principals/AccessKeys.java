package dev.signet.server.service.principals;

import dev.signet.core.crypto.MasterKey;
import dev.signet.server.service.Arns;
import dev.signet.server.service.Caller;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and resolves SigV4 access keys. Secrets are sealed under the master key with the access key
 * id as associated data, so a sealed secret moved to another key id does not open; they are
 * returned in clear only once, when issued, and to the signature checker.
 */
public final class AccessKeys {
    static final String ADMIN = "admin";
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final PrincipalRepository repository;
    private final MasterKey masterKey;
    private final Arns arns;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AccessKeyCache<ActiveAccessKey> cache;

    /** How long a resolved key is remembered: a key deactivated elsewhere works here at most this long. */
    public static final Duration CACHE_TTL = AccessKeyCache.Limits.DEFAULT.knownTtl();

    /**
     * How long an id that names no active key is remembered as unknown: a key issued on another node
     * works here at most this long after its first use was refused (on this node, at once).
     */
    public static final Duration UNKNOWN_TTL = AccessKeyCache.Limits.DEFAULT.unknownTtl();

    public AccessKeys(PrincipalRepository repository, MasterKey masterKey, Arns arns, Clock clock) {
        this(repository, masterKey, arns, clock, CACHE_TTL);
    }

    /**
     * As above, remembering a resolved key for {@code staleness} (and an unknown id for at most
     * {@link #UNKNOWN_TTL}): the bound within which a key deactivated on another node stops working
     * here.
     */
    public AccessKeys(PrincipalRepository repository, MasterKey masterKey, Arns arns, Clock clock, Duration staleness) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        this.arns = Objects.requireNonNull(arns, "arns");
        this.clock = Objects.requireNonNull(clock, "clock");
        AccessKeyCache.Limits defaults = AccessKeyCache.Limits.DEFAULT;
        this.cache = new AccessKeyCache<>(
                this::load,
                clock,
                new AccessKeyCache.Limits(
                        defaults.maxKnown(),
                        staleness,
                        defaults.maxUnknown(),
                        staleness.compareTo(UNKNOWN_TTL) < 0 ? staleness : UNKNOWN_TTL,
                        defaults.maxUnknownLookups(),
                        defaults.lookupWait()));
    }

    /**
     * Creates the {@code admin} principal with one access key when no principal exists yet.
     *
     * @param beforeCommit receives the new key before it is stored (to write it where the operator
     *     finds it); if it throws, nothing is stored
     * @return the new key with its secret, or empty when principals already exist
     */
    public Optional<IssuedAccessKey> bootstrapAdmin(java.util.function.Consumer<IssuedAccessKey> beforeCommit) {
        if (repository.countPrincipals() > 0) {
            return Optional.empty();
        }
        Principal admin = new Principal(
                UUID.randomUUID().toString(),
                ADMIN,
                arns.user(ADMIN),
                arns.accountId(),
                clock.instant(),
                Caller.Kind.ADMINISTRATOR);
        IssuedAccessKey issued = newKey();
        beforeCommit.accept(issued);
        repository.create(admin, seal(issued, admin.principalId()));
        cache.issued(issued.accessKeyId());
        return Optional.of(issued);
    }

    /**
     * A new account's administrator ({@code arn:PARTITION:iam::ACCOUNT:user/admin}, principal name
     * {@code admin-ACCOUNT}: principal names are unique in the deployment) and its first access
     * key, not stored yet: the account registry stores them with the account in one transaction,
     * then calls {@link #issued}.
     */
    public NewAdministrator newAdministrator(String accountId) {
        Principal admin = new Principal(
                UUID.randomUUID().toString(),
                ADMIN + "-" + accountId,
                arns.inAccount(accountId).user(ADMIN),
                accountId,
                clock.instant(),
                Caller.Kind.ADMINISTRATOR);
        IssuedAccessKey issued = newKey();
        return new NewAdministrator(admin, seal(issued, admin.principalId()), issued);
    }

    /** An administrator and its first key as {@link #newAdministrator} made them; the secret shown once. */
    public record NewAdministrator(Principal principal, StoredAccessKey storedKey, IssuedAccessKey issued) {}

    /** Tells the key cache that a key stored outside this class exists now (not an unknown id any more). */
    public void issued(String accessKeyId) {
        cache.issued(accessKeyId);
    }

    /**
     * The admin principal's oldest active access key with its secret, unsealed: what a node writes to
     * its local credentials file when another node of its cluster created the admin. Empty when there
     * is no admin or it has no active key.
     */
    public Optional<IssuedAccessKey> adminKey() {
        return repository
                .findPrincipalByName(ADMIN)
                .flatMap(admin -> repository.accessKeysOf(admin.principalId()).stream()
                        .filter(key -> key.status() == StoredAccessKey.Status.ACTIVE)
                        .findFirst()
                        .map(key -> {
                            byte[] secret = masterKey.unseal(key.sealedSecret(), aad(key.accessKeyId()));
                            try {
                                return new IssuedAccessKey(
                                        key.accessKeyId(), new String(secret, StandardCharsets.UTF_8));
                            } finally {
                                java.util.Arrays.fill(secret, (byte) 0);
                            }
                        }));
    }

    /**
     * The caller and clear secret of an active key, for signature checks. Kept in memory for up to
     * {@link #CACHE_TTL} so a request costs no database read; unknown ids are remembered for {@link
     * #UNKNOWN_TTL} and looked up one at a time ({@link AccessKeyCache}).
     *
     * @throws dev.signet.server.service.ServiceException TooManyRequestsException when an id this
     *     node has not seen could not be looked up within the bound (a flood of unknown ids)
     */
    public Optional<ActiveAccessKey> resolve(String accessKeyId) {
        return cache.resolve(accessKeyId);
    }

    /**
     * Issues a new active key to {@code principalId} unless it already holds {@code max} keys
     * (active or not).
     *
     * @return the key with its secret, shown once; empty (and nothing stored) at the limit
     */
    public Optional<IssuedAccessKey> issue(String principalId, int max) {
        IssuedAccessKey issued = newKey();
        if (!repository.addAccessKeyWithin(seal(issued, principalId), max)) {
            return Optional.empty();
        }
        cache.issued(issued.accessKeyId());
        return Optional.of(issued);
    }

    /** The keys of a principal, oldest first (sealed secrets: never shown). */
    public java.util.List<StoredAccessKey> keysOf(String principalId) {
        return repository.accessKeysOf(principalId);
    }

    /** The principal holding the key with this id. */
    public Optional<Principal> principalOf(String accessKeyId) {
        return repository.findAccessKey(accessKeyId).flatMap(k -> repository.findPrincipal(k.principalId()));
    }

    /** When the key last signed a request, as {@link AccessKeyUseRecorder} wrote it. */
    public Optional<AccessKeyUse> lastUse(String accessKeyId) {
        return repository.lastUse(accessKeyId);
    }

    /** The key with this id, whoever holds it. */
    public Optional<StoredAccessKey> find(String accessKeyId) {
        return repository.findAccessKey(accessKeyId);
    }

    /**
     * Activates or deactivates a key of {@code principalId}. A deactivated key stops working on this
     * node at once and on the others within the cache's staleness bound.
     *
     * @return false when the principal holds no such key
     */
    public boolean setStatus(String principalId, String accessKeyId, StoredAccessKey.Status status) {
        boolean changed = repository.setStatus(principalId, accessKeyId, status);
        cache.forget(accessKeyId);
        return changed;
    }

    /** Deletes a key of {@code principalId}, with the same reach as {@link #setStatus}. */
    public boolean delete(String principalId, String accessKeyId) {
        boolean deleted = repository.deleteAccessKey(principalId, accessKeyId);
        cache.forget(accessKeyId);
        return deleted;
    }

    private Optional<ActiveAccessKey> load(String accessKeyId) {
        Optional<StoredAccessKey> stored = repository.findAccessKey(accessKeyId);
        if (stored.isEmpty() || stored.get().status() != StoredAccessKey.Status.ACTIVE) {
            return Optional.empty();
        }
        Optional<Principal> principal = repository.findPrincipal(stored.get().principalId());
        if (principal.isEmpty()) {
            return Optional.empty();
        }
        byte[] secret = masterKey.unseal(stored.get().sealedSecret(), aad(accessKeyId));
        try {
            Principal p = principal.get();
            // the administrator's user id is its account's, as STS reports it for an account's root
            String userId = p.kind() == Caller.Kind.ADMINISTRATOR ? p.accountId() : p.principalId();
            return Optional.of(new ActiveAccessKey(
                    new Caller(accessKeyId, p.arn(), p.accountId(), userId, p.kind()),
                    new String(secret, StandardCharsets.UTF_8)));
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    private IssuedAccessKey newKey() {
        StringBuilder id = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            id.append(KEY_ID_ALPHABET[random.nextInt(KEY_ID_ALPHABET.length)]);
        }
        byte[] secret = new byte[30];
        random.nextBytes(secret);
        return new IssuedAccessKey(id.toString(), Base64.getEncoder().encodeToString(secret));
    }

    private StoredAccessKey seal(IssuedAccessKey key, String principalId) {
        byte[] sealed = masterKey.seal(key.secretAccessKey().getBytes(StandardCharsets.UTF_8), aad(key.accessKeyId()));
        return new StoredAccessKey(
                key.accessKeyId(), principalId, sealed, StoredAccessKey.Status.ACTIVE, clock.instant());
    }

    /** What a secret's sealing is bound to (the master-key rotation re-seals with it). */
    public static byte[] aad(String accessKeyId) {
        return ("signet:access-key:" + accessKeyId).getBytes(StandardCharsets.UTF_8);
    }
}
