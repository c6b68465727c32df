package dev.signet.core.crypto;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one key held by one backend. Carries no secret: it is safe to store, log and return.
 *
 * @param backend the {@link KeyBackend#name()} that holds the key
 * @param keyId the backend's identifier of the key ({@code [A-Za-z0-9._-]{1,128}})
 * @param algorithm the key's algorithm
 */
public record KeyHandle(String backend, String keyId, KeyAlgorithm algorithm) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public KeyHandle {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(algorithm, "algorithm");
        if (keyId == null || !ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("bad key id");
        }
    }
}
