package dev.signet.server.http.auth;

import dev.signet.server.service.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * An access key with its secret in clear, for signature checks only: a principal's long-term key,
 * or temporary credentials, which also demand their session token and expire. Deliberately not a
 * record: no {@code toString}, {@code equals} or {@code hashCode} that could leak or compare the
 * secret.
 */
public final class ResolvedAccessKey {
    private final Caller caller;
    private final byte[] secret;
    private final Optional<Session> session;

    /** What temporary credentials require beside a valid signature. */
    public interface Session {
        /** Whether {@code token} is the session's token (a constant-time comparison). */
        boolean tokenMatches(String token);

        /** Whether the credentials have expired (by the service clock). */
        boolean expired();
    }

    /** A long-term key: a request signed with it must carry no session token. */
    public ResolvedAccessKey(Caller caller, String secretAccessKey) {
        this(caller, secretAccessKey, Optional.empty());
    }

    private ResolvedAccessKey(Caller caller, String secretAccessKey, Optional<Session> session) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.secret = secretAccessKey.getBytes(StandardCharsets.UTF_8);
        this.session = Objects.requireNonNull(session, "session");
    }

    /** Temporary credentials: a request signed with them must carry their session token, before they expire. */
    public static ResolvedAccessKey temporary(Caller caller, String secretAccessKey, Session session) {
        return new ResolvedAccessKey(caller, secretAccessKey, Optional.of(session));
    }

    public Caller caller() {
        return caller;
    }

    byte[] secret() {
        return secret.clone();
    }

    Optional<Session> session() {
        return session;
    }
}
