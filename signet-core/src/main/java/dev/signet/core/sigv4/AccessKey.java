package dev.signet.core.sigv4;

import java.util.Objects;

/**
 * An access key pair, as a client signs with it and as the credentials file holds it. {@link
 * #toString()} never shows the secret.
 *
 * @param id the access key id
 * @param secret the secret access key
 */
public record AccessKey(String id, String secret) {
    public AccessKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (id.isBlank() || secret.isBlank()) {
            throw new IllegalArgumentException("an access key needs an id and a secret");
        }
    }

    @Override
    public String toString() {
        return "AccessKey[id=" + id + ", secret=***]";
    }
}
