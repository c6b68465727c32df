package dev.signet.server.service.principals;

import dev.signet.server.service.Caller;
import java.util.Objects;

/** An active key's caller and clear secret, for the signature checker only. {@code toString} hides the secret. */
public record ActiveAccessKey(Caller caller, String secretAccessKey) {
    public ActiveAccessKey {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "ActiveAccessKey[" + caller.accessKeyId() + "]";
    }
}
