package dev.signet.server.http.auth;

import dev.signet.server.service.Caller;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An access key with its secret in clear, for signature checks only. Deliberately not a record: no
 * {@code toString}, {@code equals} or {@code hashCode} that could leak or compare the secret.
 */
public final class ResolvedAccessKey {
    private final Caller caller;
    private final byte[] secret;

    public ResolvedAccessKey(Caller caller, String secretAccessKey) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.secret = secretAccessKey.getBytes(StandardCharsets.UTF_8);
    }

    public Caller caller() {
        return caller;
    }

    byte[] secret() {
        return secret.clone();
    }
}
