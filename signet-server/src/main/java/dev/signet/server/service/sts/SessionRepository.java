package dev.signet.server.service.sts;

import java.time.Instant;
import java.util.Optional;

/** Temporary credentials, implemented in {@code store/}: every node of a cluster reads the same ones. */
public interface SessionRepository {

    void create(StoredSession session);

    /** The session with this {@code ASIA...} id, expired or not. */
    Optional<StoredSession> find(String accessKeyId);

    /** Forgets sessions that expired before {@code instant}; returns how many. */
    int deleteExpired(Instant instant);
}
