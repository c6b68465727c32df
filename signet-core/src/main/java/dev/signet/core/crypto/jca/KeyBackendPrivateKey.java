package dev.signet.core.crypto.jca;

import dev.signet.core.crypto.SigningKey;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;

/**
 * A {@link PrivateKey} that names a key held by a {@link dev.signet.core.crypto.KeyBackend} and
 * carries no key material: {@link #getEncoded()} is null, and only {@link KeyBackendProvider}'s
 * signatures accept it. The EC and RSA variants expose the public parameters (curve, modulus) that
 * JCA callers read to pick algorithms and check key sizes. No {@code toString} beyond the algorithm.
 */
public sealed class KeyBackendPrivateKey implements PrivateKey
        permits KeyBackendPrivateKey.Ec, KeyBackendPrivateKey.Rsa {
    private static final long serialVersionUID = 1L;
    private final transient SigningKey key;

    KeyBackendPrivateKey(SigningKey key) {
        this.key = key;
    }

    /** A private key object for {@code key}, of the JCA type matching its algorithm. */
    public static KeyBackendPrivateKey of(SigningKey key) {
        return switch (key.handle().algorithm()) {
            case ECDSA_P256, ECDSA_P384 -> new Ec(key);
            case RSA_3072, RSA_2048, RSA_4096 -> new Rsa(key);
            case ED25519 -> new KeyBackendPrivateKey(key);
        };
    }

    SigningKey signingKey() {
        return key;
    }

    @Override
    public String getAlgorithm() {
        return switch (key.handle().algorithm()) {
            case ECDSA_P256, ECDSA_P384 -> "EC";
            case RSA_3072, RSA_2048, RSA_4096 -> "RSA";
            case ED25519 -> "Ed25519";
        };
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "KeyBackendPrivateKey[" + getAlgorithm() + "]";
    }

    /** An EC key: the curve of its certificate's public key. */
    public static final class Ec extends KeyBackendPrivateKey implements ECKey {
        private static final long serialVersionUID = 1L;

        Ec(SigningKey key) {
            super(key);
        }

        @Override
        public ECParameterSpec getParams() {
            return ((ECPublicKey) signingKey().certificate().getPublicKey()).getParams();
        }
    }

    /** An RSA key: the modulus of its certificate's public key. */
    public static final class Rsa extends KeyBackendPrivateKey implements RSAKey {
        private static final long serialVersionUID = 1L;

        Rsa(SigningKey key) {
            super(key);
        }

        @Override
        public BigInteger getModulus() {
            return ((RSAPublicKey) signingKey().certificate().getPublicKey()).getModulus();
        }
    }
}
