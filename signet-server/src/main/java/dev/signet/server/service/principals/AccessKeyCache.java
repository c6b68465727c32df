package dev.signet.server.service.principals;

import dev.signet.server.service.ServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The access keys requests claim (long-term keys here, STS's temporary credentials in {@code
 * service.sts}; {@code V} is what a key resolves to), remembered so that a signed request costs no database read, with
 * bounds on what unknown key ids can cost (every request with an unknown id is unauthenticated):
 *
 * <ul>
 *   <li>Active keys are remembered for {@link Limits#knownTtl} (a key deactivated on any node stops
 *       working within it), at most {@link Limits#maxKnown} of them, the least recently used
 *       forgotten first. Only keys that exist enter this cache, so no flood of ids can push them out.
 *   <li>Ids that name no active key are remembered as unknown for {@link Limits#unknownTtl}, at most
 *       {@link Limits#maxUnknown}, in a cache of their own: a client repeating a wrong id costs one
 *       read per interval. A key issued on this node is forgotten as unknown at once ({@link
 *       #issued}); a key issued on another node works here within {@link Limits#unknownTtl}.
 *   <li>An id that is neither (never seen, or forgotten) is looked up with at most {@link
 *       Limits#maxUnknownLookups} such lookups at a time, so random ids cannot take the database from
 *       the requests of known callers, whose expired entries are re-read without waiting for that
 *       turn. A request whose turn does not come within {@link Limits#lookupWait} is refused with
 *       TooManyRequestsException (429), which clients retry. Ids that cannot be access key ids (AWS:
 *       16 to 128 word characters) are unknown without a lookup.
 *   <li>Concurrent requests for the same id share one lookup.
 * </ul>
 */
public final class AccessKeyCache<V> {
    /** AWS's {@code AccessKeyIdType}: 16 to 128 of {@code [\w]}. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("\\w{16,128}");

    /** What the cache keeps and for how long; {@link #DEFAULT} in the server. */
    public record Limits(
            int maxKnown,
            Duration knownTtl,
            int maxUnknown,
            Duration unknownTtl,
            int maxUnknownLookups,
            Duration lookupWait) {
        public static final Limits DEFAULT =
                new Limits(10_000, Duration.ofSeconds(30), 10_000, Duration.ofSeconds(10), 1, Duration.ofSeconds(2));
    }

    /** Reads one key from the store: the active key with that id, or empty. */
    @FunctionalInterface
    public interface Loader<V> {
        Optional<V> load(String accessKeyId);
    }

    private record Known<V>(V key, Instant expires) {}

    private final Loader<V> loader;
    private final Clock clock;
    private final Limits limits;
    private final BoundedLru<String, Known<V>> known;
    private final BoundedLru<String, Instant> unknown;
    private final Semaphore unknownLookups;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<V>>> loading = new ConcurrentHashMap<>();

    public AccessKeyCache(Loader<V> loader, Clock clock, Limits limits) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.known = new BoundedLru<>(limits.maxKnown());
        this.unknown = new BoundedLru<>(limits.maxUnknown());
        this.unknownLookups = new Semaphore(limits.maxUnknownLookups(), true);
    }

    /**
     * The active key with this id, or empty.
     *
     * @throws ServiceException TooManyRequestsException when the id needed a lookup and none could
     *     start within {@link Limits#lookupWait}
     */
    public Optional<V> resolve(String accessKeyId) {
        if (accessKeyId == null || !ACCESS_KEY_ID.matcher(accessKeyId).matches()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Known<V> k = known.get(accessKeyId);
        if (k != null && now.isBefore(k.expires())) {
            return Optional.of(k.key());
        }
        Instant unknownUntil = unknown.get(accessKeyId);
        if (unknownUntil != null && now.isBefore(unknownUntil)) {
            return Optional.empty();
        }
        Optional<V> loaded = k != null ? loadOnce(accessKeyId) : loadInTurn(accessKeyId);
        Instant at = clock.instant();
        if (loaded.isPresent()) {
            known.put(accessKeyId, new Known<>(loaded.get(), at.plus(limits.knownTtl())));
            unknown.remove(accessKeyId);
        } else {
            known.remove(accessKeyId);
            unknown.put(accessKeyId, at.plus(limits.unknownTtl()));
        }
        return loaded;
    }

    /** A key was just issued on this node: an earlier miss must not hide it. */
    public void issued(String accessKeyId) {
        unknown.remove(accessKeyId);
    }

    /**
     * A key changed (deactivated, deleted) on this node: the next request with it reads the store
     * again, and waits for no turn since the id is known to have existed.
     */
    public void forget(String accessKeyId) {
        Known<V> k = known.get(accessKeyId);
        if (k != null) {
            // expired at once: resolve() re-reads it via loadOnce, without the unknown-id queue
            known.put(accessKeyId, new Known<>(k.key(), Instant.MIN));
        }
        unknown.remove(accessKeyId);
    }

    /**
     * Something every remembered key may depend on changed on this node (a role was deleted): each
     * is read from the store again on its next use.
     */
    public void forgetAll() {
        known.clear();
    }

    private Optional<V> loadInTurn(String accessKeyId) {
        boolean turn;
        try {
            turn = unknownLookups.tryAcquire(limits.lookupWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            throw ServiceException.tooManyRequests(
                    "Too many requests with access key ids this server has not seen; retry later.");
        }
        try {
            return loadOnce(accessKeyId);
        } finally {
            unknownLookups.release();
        }
    }

    /** Loads the key, or waits for the lookup of the same id another request started. */
    private Optional<V> loadOnce(String accessKeyId) {
        CompletableFuture<Optional<V>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<V>> running = loading.putIfAbsent(accessKeyId, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            Optional<V> key = loader.load(accessKeyId);
            mine.complete(key);
            return key;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(accessKeyId, mine);
        }
    }
}
