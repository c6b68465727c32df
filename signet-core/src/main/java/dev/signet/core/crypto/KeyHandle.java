package dev.signet.core.crypto;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names one key held by one backend. Carries no secret: it is safe to store, log and return.
 *
 * <p>{@link #uri()} names the key as cosign and Sigstore do: {@code software:ID} for a software key,
 * and for a PKCS#11 key an RFC 7512 URI whose path ({@code token=...;object=...;id=...}) is the key
 * id.
 *
 * @param backend the {@link KeyBackend#name()} that holds the key
 * @param keyId the backend's identifier of the key: 1 to 128 characters of {@code [A-Za-z0-9._~%;=-]}
 *     (letters, digits and what an RFC 7512 path needs; never a slash)
 * @param algorithm the key's algorithm
 */
public record KeyHandle(String backend, String keyId, KeyAlgorithm algorithm) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~%;=-]{1,128}");

    public KeyHandle {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(algorithm, "algorithm");
        if (keyId == null || !ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("bad key id");
        }
    }

    /** The key's URI: {@code backend:keyId}, e.g. {@code software:ID} or {@code pkcs11:token=...;object=...}. */
    public String uri() {
        return backend + ":" + keyId;
    }
}
