package dev.signet.core.testing;

import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackend;
import dev.signet.core.crypto.KeyHandle;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SigningKey;
import java.security.PublicKey;

/**
 * A key backend that signs with another one and then flips one bit of every signature value (the
 * last byte: for ECDSA inside {@code s}, for RSA in the value itself), as a faulty HSM or a
 * corrupted result would. Self-checks must catch what it returns.
 */
public final class FlippingKeyBackend implements KeyBackend {
    private final KeyBackend delegate;

    public FlippingKeyBackend(KeyBackend delegate) {
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
        return flip(delegate.sign(key, algorithm, data));
    }

    @Override
    public byte[] signDigest(KeyHandle key, SignatureAlgorithm algorithm, byte[] digest) {
        return flip(delegate.signDigest(key, algorithm, digest));
    }

    private static byte[] flip(byte[] signature) {
        byte[] flipped = signature.clone();
        flipped[flipped.length - 1] ^= 0x01;
        return flipped;
    }
}
