package dev.signet.core.crypto.software;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Objects;

/**
 * Checks imported key pairs: which {@link KeyAlgorithm} a public key is, and that the private key
 * really is its other half. Messages never include key material. Used by every backend that
 * imports keys (software, pkcs11).
 */
public final class ImportedKeys {
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger P384_ORDER = new BigInteger(
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16);

    private ImportedKeys() {}

    /**
     * Checks a key pair to import: not null, an importable algorithm ({@link #algorithmOf}), the two
     * halves matching ({@link #requireMatch}).
     *
     * @return the pair's algorithm
     * @throws KeyBackendException when the pair cannot be imported
     */
    public static KeyAlgorithm checkPair(PrivateKey key, PublicKey publicKey) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(publicKey, "publicKey");
        KeyAlgorithm algorithm = algorithmOf(publicKey);
        requireMatch(algorithm, key, publicKey);
        return algorithm;
    }

    /**
     * The algorithm of an importable public key: EC P-256 or P-384, RSA 2048 or 3072.
     *
     * @throws KeyBackendException for any other key
     */
    public static KeyAlgorithm algorithmOf(PublicKey publicKey) {
        if (publicKey instanceof ECPublicKey ec) {
            ECParameterSpec params = ec.getParams();
            if (params.getCofactor() == 1 && P256_ORDER.equals(params.getOrder())) {
                return KeyAlgorithm.ECDSA_P256;
            }
            if (params.getCofactor() == 1 && P384_ORDER.equals(params.getOrder())) {
                return KeyAlgorithm.ECDSA_P384;
            }
            throw new KeyBackendException("only EC keys on P-256 or P-384 can be imported");
        }
        if (publicKey instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits == 2048) {
                return KeyAlgorithm.RSA_2048;
            }
            if (bits == 3072) {
                return KeyAlgorithm.RSA_3072;
            }
            throw new KeyBackendException("only RSA keys of 2048 or 3072 bits can be imported, not " + bits);
        }
        throw new KeyBackendException(
                "only EC (P-256, P-384) and RSA keys can be imported, not " + publicKey.getAlgorithm());
    }

    /**
     * Signs a fixed message with {@code key} and verifies it with {@code publicKey}.
     *
     * @throws KeyBackendException when they are not one key pair
     */
    public static void requireMatch(KeyAlgorithm algorithm, PrivateKey key, PublicKey publicKey) {
        String jca = new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256).jcaName();
        byte[] probe = "signet key import probe".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = CryptoProviders.signature(jca);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = CryptoProviders.signature(jca);
            CryptoProviders.initVerify(verifier, publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            throw new KeyBackendException("the private key cannot sign as " + algorithm + " ("
                    + e.getClass().getSimpleName() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + jca, e);
        }
        if (!matches) {
            throw new KeyBackendException("the private key does not belong to the certificate's public key");
        }
    }
}
