package dev.signet.server.service.principals;

import java.util.Objects;

/** A newly issued access key with its secret, shown once. {@code toString} hides the secret. */
public record IssuedAccessKey(String accessKeyId, String secretAccessKey) {
    public IssuedAccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "IssuedAccessKey[" + accessKeyId + "]";
    }
}
