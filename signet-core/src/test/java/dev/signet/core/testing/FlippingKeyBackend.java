package dev.signet.core.testing;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SigningKey;
import java.security.PublicKey;

/**
 * A key backend that signs with another backend and flips one bit of every signature value it
 * returns: a format's self-check must refuse what it signs.
 */
public final class FlippingKeyBackend implements KeyBackend {
    private final KeyBackend delegate;

    private FlippingKeyBackend(KeyBackend delegate) {
        this.delegate = delegate;
    }

    /** {@code key} with its backend wrapped. */
    public static SigningKey corrupting(SigningKey key) {
        return new SigningKey(new FlippingKeyBackend(key.backend()), key.handle(), key.chain());
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public KeyHandle generate(KeyAlgorithm algorithm) {
        return delegate.generate(algorithm);
    }

    @Override
    public PublicKey publicKey(KeyHandle key) {
        return delegate.publicKey(key);
    }

    @Override
    public byte[] sign(KeyHandle key, SignatureAlgorithm algorithm, byte[] data) {
        return flipped(delegate.sign(key, algorithm, data));
    }

    @Override
    public byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) {
        return flipped(delegate.signDigest(key, algorithm, digest));
    }

    private static byte[] flipped(byte[] signature) {
        byte[] copy = signature.clone();
        copy[copy.length / 2] ^= 0x10;
        return copy;
    }
}
