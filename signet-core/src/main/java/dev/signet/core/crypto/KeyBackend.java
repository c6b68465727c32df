package dev.signet.core.crypto;

import java.security.PublicKey;

/**
 * Holds private keys and signs with them. Implementations never expose private key bytes: the only
 * way to use a key is {@link #sign}. Implementations are thread-safe.
 */
public interface KeyBackend {

    /** Stable name stored in {@link KeyHandle#backend()}, e.g. {@code software} or {@code pkcs11}. */
    String name();

    /** Generates and durably stores a new key; the handle is valid after this returns. */
    KeyHandle generate(KeyAlgorithm algorithm) throws KeyBackendException;

    /** The public half of a key held here. */
    PublicKey publicKey(KeyHandle key) throws KeyBackendException;

    /** Signs {@code data} (not a digest: the algorithm hashes it) with the key. */
    byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) throws KeyBackendException;

    /**
     * Signs a digest computed elsewhere, for formats whose signature covers a stream too large to
     * pass to {@link #sign} (OpenPGP hashes the whole file with its trailer). RSA: PKCS#1 v1.5 over
     * the DigestInfo; ECDSA: over the digest. Ed25519 has no prehashed form here and is refused.
     * Backends that cannot do this keep the default, which refuses.
     *
     * @throws KeyBackendException when the backend or algorithm cannot sign a digest
     */
    default byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) {
        throw new KeyBackendException("the " + name() + " key backend cannot sign precomputed digests");
    }
}
