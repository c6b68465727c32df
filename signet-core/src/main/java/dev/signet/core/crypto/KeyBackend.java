package dev.signet.core.crypto;

import java.security.PrivateKey;
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
     * Stores an existing private key (imported signing material) and returns its handle; the key is
     * then used exactly like a generated one. Backends that cannot hold foreign keys (an HSM that
     * only generates) refuse with a {@link KeyBackendException}, which is the default.
     *
     * @param key the private key; its algorithm must be one of {@link KeyAlgorithm}
     * @param publicKey the matching public key; a key pair that does not match is refused
     */
    default KeyHandle importKey(PrivateKey key, PublicKey publicKey) throws KeyBackendException {
        throw new KeyBackendException("the " + name() + " key backend cannot import keys");
    }

    /**
     * Signs a digest the caller computed (streaming over a large artifact) so that the result equals
     * {@link #sign} over the data: ECDSA over the digest, RSA PKCS#1 v1.5 over its DigestInfo.
     * Ed25519 cannot sign digests. The default refuses.
     *
     * @param digest the {@code algorithm.hash()} digest of the data
     */
    default byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) throws KeyBackendException {
        throw new KeyBackendException("the " + name() + " key backend cannot sign precomputed digests");
    }

    /**
     * Checks, cheaply and without signing, that the backend can be used now (its storage, session or
     * service reachable), for a readiness check. Throws what a signature would fail with when it
     * cannot; the default, for backends with nothing to reach, returns.
     */
    default void probe() throws KeyBackendException {}
}
