package dev.signet.server.http.auth;

import dev.signet.server.service.Caller;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.sts.ActiveSession;
import dev.signet.server.service.sts.TemporaryCredentials;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys requests are signed with: STS's temporary credentials for {@code ASIA...} ids (which
 * demand their session token and expire by the service clock, the one they were issued by), a
 * principal's access key for any other id.
 */
public final class AccessKeyLookup implements CredentialStore {
    private final AccessKeys accessKeys;
    private final TemporaryCredentials sessions;
    private final Clock serviceClock;

    public AccessKeyLookup(AccessKeys accessKeys, TemporaryCredentials sessions, Clock serviceClock) {
        this.accessKeys = Objects.requireNonNull(accessKeys, "accessKeys");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.serviceClock = Objects.requireNonNull(serviceClock, "serviceClock");
    }

    @Override
    public Optional<ResolvedAccessKey> find(String accessKeyId) {
        if (accessKeyId.startsWith(Caller.TEMPORARY_PREFIX)) {
            return sessions.resolve(accessKeyId).map(this::temporary);
        }
        return accessKeys.resolve(accessKeyId).map(k -> new ResolvedAccessKey(k.caller(), k.secretAccessKey()));
    }

    private ResolvedAccessKey temporary(ActiveSession session) {
        return ResolvedAccessKey.temporary(
                session.caller(), session.secretAccessKey(), new ResolvedAccessKey.Session() {
                    @Override
                    public boolean tokenMatches(String token) {
                        return session.tokenMatches(token);
                    }

                    @Override
                    public boolean expired() {
                        return session.expiredAt(serviceClock.instant());
                    }
                });
    }
}
