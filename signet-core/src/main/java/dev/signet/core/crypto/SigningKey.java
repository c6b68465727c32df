package dev.signet.core.crypto;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A key in a backend bound to its certificate chain (leaf first, root last): what a {@code
 * SignatureFormat} signs with.
 */
public record SigningKey(KeyBackend backend, KeyHandle handle, List<X509Certificate> chain) {
    public SigningKey {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(handle, "handle");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs at least its own certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public byte[] sign(HashAlgorithm hash, byte[] data) {
        return backend.sign(handle, new SignatureAlgorithm(handle.algorithm(), hash), data);
    }

    /** Signs a precomputed {@code hash} digest; see {@link KeyBackend#signDigest}. */
    public byte[] signDigest(HashAlgorithm hash, byte[] digest) {
        return backend.signDigest(handle, new SignatureAlgorithm(handle.algorithm(), hash), digest);
    }
}
