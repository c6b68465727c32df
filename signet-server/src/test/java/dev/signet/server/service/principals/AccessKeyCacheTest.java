package dev.signet.server.service.principals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Caller;
import dev.signet.server.service.ServiceException;
import dev.signet.server.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessKeyCacheTest {
    static final String KEY = "AKIAKNOWNKNOWNKNOWN0";
    static final Duration KNOWN_TTL = Duration.ofSeconds(30);
    static final Duration UNKNOWN_TTL = Duration.ofSeconds(10);

    final MutableClock clock = MutableClock.ofNow();
    /** The store: ids with an active key; lookups counted per id. */
    final Map<String, ActiveAccessKey> stored = new ConcurrentHashMap<>();

    final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    static ActiveAccessKey key(String id) {
        return new ActiveAccessKey(
                Caller.administrator(id, "arn:aws:iam::000000000000:user/u", "000000000000"), "secret-" + id);
    }

    Optional<ActiveAccessKey> load(String id) {
        lookups.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        return Optional.ofNullable(stored.get(id));
    }

    int lookups(String id) {
        AtomicInteger n = lookups.get(id);
        return n == null ? 0 : n.get();
    }

    AccessKeyCache<ActiveAccessKey> cache(int maxKnown, int maxUnknown) {
        return new AccessKeyCache<>(
                this::load,
                clock,
                new AccessKeyCache.Limits(maxKnown, KNOWN_TTL, maxUnknown, UNKNOWN_TTL, 1, Duration.ofSeconds(30)));
    }

    @Test
    void aKnownKeyIsReadOnceUntilItsEntryExpires() {
        stored.put(KEY, key(KEY));
        AccessKeyCache<ActiveAccessKey> cache = cache(10, 10);
        for (int i = 0; i < 5; i++) {
            assertThat(cache.resolve(KEY)).map(k -> k.secretAccessKey()).contains("secret-" + KEY);
        }
        assertThat(lookups(KEY)).isEqualTo(1);

        stored.remove(KEY); // deactivated on another node
        clock.advance(KNOWN_TTL);
        assertThat(cache.resolve(KEY)).as("re-read after the TTL").isEmpty();
        assertThat(lookups(KEY)).isEqualTo(2);
    }

    @Test
    void anUnknownIdIsRememberedForItsTtlThenLookedUpAgain() {
        AccessKeyCache<ActiveAccessKey> cache = cache(10, 10);
        String id = "AKIAUNKNOWNUNKNOWN00";
        assertThat(cache.resolve(id)).isEmpty();
        assertThat(cache.resolve(id)).isEmpty();
        assertThat(lookups(id)).as("the second refusal costs no read").isEqualTo(1);

        stored.put(id, key(id)); // issued on another node
        clock.advance(UNKNOWN_TTL.minusMillis(1));
        assertThat(cache.resolve(id)).as("still remembered as unknown").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.resolve(id)).as("works once the unknown entry expired").isPresent();
        assertThat(lookups(id)).isEqualTo(2);
    }

    @Test
    void aKeyIssuedOnThisNodeWorksAtOnceAfterAMiss() {
        AccessKeyCache<ActiveAccessKey> cache = cache(10, 10);
        assertThat(cache.resolve(KEY)).isEmpty();
        stored.put(KEY, key(KEY));
        cache.issued(KEY);
        assertThat(cache.resolve(KEY)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AKIA", "AKIA-NOT-A-KEY-ID-00", "AKIA\u00e9NOTAKEYNOTAKEY", "0123456789abcde"})
    void idsThatCannotBeAccessKeyIdsAreUnknownWithoutALookup(String id) {
        AccessKeyCache<ActiveAccessKey> cache = cache(10, 10);
        assertThat(cache.resolve(id)).isEmpty();
        assertThat(cache.resolve("A".repeat(129))).isEmpty();
        assertThat(lookups).isEmpty();
    }

    @Test
    void theLeastRecentlyUsedKnownKeyIsForgottenFirst() {
        List<String> ids = List.of("AKIAKEYAAAAAAAAAAAA1", "AKIAKEYAAAAAAAAAAAA2", "AKIAKEYAAAAAAAAAAAA3");
        ids.forEach(id -> stored.put(id, key(id)));
        AccessKeyCache<ActiveAccessKey> cache = cache(2, 10);
        cache.resolve(ids.get(0));
        cache.resolve(ids.get(1));
        cache.resolve(ids.get(0)); // 0 is now the most recently used
        cache.resolve(ids.get(2)); // evicts 1, not the whole cache
        cache.resolve(ids.get(0));
        cache.resolve(ids.get(1));
        assertThat(lookups(ids.get(0))).isEqualTo(1);
        assertThat(lookups(ids.get(1))).isEqualTo(2);
        assertThat(lookups(ids.get(2))).isEqualTo(1);
    }

    @Test
    void aFloodOfUnknownIdsCannotPushOutKnownKeys() {
        stored.put(KEY, key(KEY));
        AccessKeyCache<ActiveAccessKey> cache = cache(10, 100);
        cache.resolve(KEY);
        for (int i = 0; i < 10_000; i++) {
            assertThat(cache.resolve(String.format("AKIAFLOOD%011d", i))).isEmpty();
        }
        assertThat(cache.resolve(KEY)).isPresent();
        assertThat(lookups(KEY)).isEqualTo(1);
    }

    @Test
    void unknownIdsWaitTheirTurnAndKnownKeysDoNot() throws Exception {
        String slow = "AKIASLOWSLOWSLOWSLOW";
        String other = "AKIAOTHEROTHEROTHER0";
        stored.put(KEY, key(KEY));
        CountDownLatch inLookup = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AccessKeyCache<ActiveAccessKey> cache = new AccessKeyCache(
                id -> {
                    if (id.equals(slow)) {
                        inLookup.countDown();
                        await(release);
                    }
                    return load(id);
                },
                clock,
                new AccessKeyCache.Limits(10, KNOWN_TTL, 10, UNKNOWN_TTL, 1, Duration.ofMillis(200)));
        cache.resolve(KEY);
        clock.advance(KNOWN_TTL); // KEY's entry expired: it must be re-read

        Future<Optional<ActiveAccessKey>> first = threads.submit(() -> cache.resolve(slow));
        assertThat(inLookup.await(30, TimeUnit.SECONDS)).isTrue();
        // the only unknown-id lookup is taken: another unseen id is refused once its wait ends ...
        assertThatThrownBy(() -> cache.resolve(other))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("TooManyRequestsException");
                    assertThat(e.httpStatus()).isEqualTo(429);
                })
                .hasMessageContaining("access key ids this server has not seen");
        assertThat(lookups(other)).isZero();
        // ... while a known caller's expired key is re-read without waiting for that turn
        assertThat(cache.resolve(KEY)).isPresent();
        assertThat(lookups(KEY)).isEqualTo(2);

        release.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEmpty();
        assertThat(cache.resolve(other))
                .as("its turn comes once the lookup ended")
                .isEmpty();
        assertThat(lookups(other)).isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
