package dev.signet.server.service.principals;

import dev.signet.server.service.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Records when each access key signs requests (GetAccessKeyLastUsed) without a database write per
 * request: a key's use is written at most once per {@link #INTERVAL} by this node, so the stored
 * date is at most that much older than the key's real last use. The node remembers when it last
 * wrote for at most {@link #MAX_KEYS} keys, the least recently used forgotten first (a forgotten
 * key is written again on its next use).
 */
public final class AccessKeyUseRecorder {
    /** At most one write per key and node in this interval. */
    public static final Duration INTERVAL = Duration.ofMinutes(1);

    static final int MAX_KEYS = 10_000;

    private final PrincipalRepository repository;
    private final Clock clock;
    private final BoundedLru<String, Instant> written = new BoundedLru<>(MAX_KEYS);

    public AccessKeyUseRecorder(PrincipalRepository repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A request signed with {@code accessKeyId} for {@code service} in {@code region} was authenticated. */
    public void used(String accessKeyId, String service, String region) {
        if (accessKeyId.startsWith(Caller.TEMPORARY_PREFIX)) {
            // STS's temporary credentials are no access key: GetAccessKeyLastUsed never names them
            return;
        }
        Instant now = clock.instant();
        Instant last = written.get(accessKeyId);
        if (last != null && now.isBefore(last.plus(INTERVAL))) {
            return;
        }
        written.put(accessKeyId, now);
        repository.recordUse(accessKeyId, now, service, region);
    }
}
