package dev.signet.core.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Objects;

/**
 * Checks signature values made with one public key and one algorithm, on the provider {@link
 * CryptoProviders} chooses, with the key converted once to that provider's own key type (ACCP
 * otherwise re-imports a foreign key object on every {@code initVerify}). What self-checks use to
 * confirm a signature Signet just made before returning it. Immutable and thread-safe: each check
 * uses its own {@link Signature}.
 */
public final class SignatureCheck {
    private final String jcaName;
    private final PublicKey key;

    private SignatureCheck(String jcaName, PublicKey key) {
        this.jcaName = jcaName;
        this.key = key;
    }

    /** A check for signatures of {@code algorithm} with {@code publicKey}. */
    public static SignatureCheck of(PublicKey publicKey, SignatureAlgorithm algorithm) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(algorithm, "algorithm");
        return new SignatureCheck(algorithm.jcaName(), providerKey(publicKey, algorithm.jcaName()));
    }

    /**
     * Whether {@code signature} is a valid signature over {@code signed}. False, never an exception,
     * for a malformed or wrong signature value and for a key that cannot check this algorithm; an
     * {@link IllegalStateException} when no provider offers the algorithm.
     */
    public boolean verifies(byte[] signed, byte[] signature) {
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(signature, "signature");
        try {
            Signature verifier = CryptoProviders.signature(jcaName);
            CryptoProviders.initVerify(verifier, key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            // a certificate key that does not fit the algorithm, a signature value that does not decode
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + jcaName, e);
        }
    }

    /** The key as the signature's provider represents it, or as given when that provider cannot convert it. */
    private static PublicKey providerKey(PublicKey publicKey, String jcaName) {
        try {
            KeyFactory factory =
                    KeyFactory.getInstance(publicKey.getAlgorithm(), CryptoProviders.signatureProvider(jcaName));
            return factory.translateKey(publicKey) instanceof PublicKey translated ? translated : publicKey;
        } catch (GeneralSecurityException e) {
            return publicKey;
        }
    }

    @Override
    public String toString() {
        return "SignatureCheck[" + jcaName + "]";
    }
}
