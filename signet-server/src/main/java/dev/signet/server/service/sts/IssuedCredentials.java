package dev.signet.server.service.sts;

import java.time.Instant;
import java.util.Objects;

/**
 * New temporary credentials, with their secret and session token in clear: shown once, in the
 * response that issues them. {@code toString} names the key id only.
 */
public record IssuedCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
    public IssuedCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
    }

    @Override
    public String toString() {
        return "IssuedCredentials[" + accessKeyId + ", expires " + expiration + "]";
    }
}
