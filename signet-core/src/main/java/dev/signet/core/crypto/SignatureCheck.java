package dev.signet.core.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks signature values made with one public key and one algorithm, on the provider {@link
 * CryptoProviders} chooses, with the key converted once to that provider's own key type (ACCP
 * otherwise re-imports a foreign key object on every {@code initVerify}). What self-checks use to
 * confirm a signature Signet just made before returning it. Immutable and thread-safe: each check
 * uses its own {@link Signature}.
 */
public final class SignatureCheck {
    private final SignatureAlgorithm algorithm;
    private final String jcaName;
    private final PublicKey key;

    private SignatureCheck(SignatureAlgorithm algorithm, PublicKey key) {
        this.algorithm = algorithm;
        this.jcaName = algorithm.jcaName();
        this.key = key;
    }

    private record CacheKey(X509Certificate certificate, String jcaName) {}

    static final int MAX_CACHED = 1024;
    private static final Map<CacheKey, PublicKey> KEYS = new ConcurrentHashMap<>();

    /**
     * The check for signatures of {@code algorithm} with {@code certificate}'s key, the key converted
     * once per certificate and algorithm ({@link #verificationKey}): what verifiers use for the signer
     * certificates signatures carry.
     */
    public static SignatureCheck of(X509Certificate certificate, SignatureAlgorithm algorithm) {
        Objects.requireNonNull(certificate, "certificate");
        return new SignatureCheck(algorithm, verificationKey(certificate, algorithm.jcaName()));
    }

    /**
     * {@code certificate}'s public key as the provider that checks {@code jcaName} signatures
     * represents it, converted once per certificate and algorithm (at most {@link #MAX_CACHED}),
     * for verifiers that drive a {@code Signature} themselves.
     */
    public static PublicKey verificationKey(X509Certificate certificate, String jcaName) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(jcaName, "jcaName");
        CacheKey key = new CacheKey(certificate, jcaName);
        PublicKey cached = KEYS.get(key);
        if (cached != null) {
            return cached;
        }
        PublicKey made = providerKey(certificate.getPublicKey(), jcaName);
        if (KEYS.size() >= MAX_CACHED) {
            KEYS.clear();
        }
        KEYS.put(key, made);
        return made;
    }

    /** A check for signatures of {@code algorithm} with {@code publicKey}. */
    public static SignatureCheck of(PublicKey publicKey, SignatureAlgorithm algorithm) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(algorithm, "algorithm");
        return new SignatureCheck(algorithm, providerKey(publicKey, algorithm.jcaName()));
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

    /**
     * Whether {@code signature} is a valid signature over data whose {@code algorithm.hash()} digest
     * is {@code digest}, as {@link KeyBackend#signDigest} makes them: ECDSA over the digest itself,
     * RSA PKCS#1 v1.5 over its DigestInfo. False, never an exception, as {@link #verifies}; false for
     * Ed25519, which signs no precomputed digest.
     */
    public boolean verifiesDigest(byte[] digest, byte[] signature) {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(signature, "signature");
        if (digest.length != algorithm.hash().length()) {
            return false;
        }
        byte[] signed;
        String raw;
        switch (algorithm.key()) {
            case ECDSA_P256, ECDSA_P384 -> {
                signed = digest;
                raw = "NONEwithECDSA";
            }
            case RSA_2048, RSA_3072, RSA_4096 -> {
                signed = DigestInfos.encode(algorithm.hash(), digest);
                raw = "NONEwithRSA";
            }
            default -> {
                return false;
            }
        }
        try {
            Signature verifier = CryptoProviders.signature(raw);
            CryptoProviders.initVerify(verifier, key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + raw, e);
        }
    }

    /** The key as the signature's provider represents it, or as given when that provider cannot convert it. */
    static PublicKey providerKey(PublicKey publicKey, String jcaName) {
        try {
            KeyFactory factory =
                    KeyFactory.getInstance(publicKey.getAlgorithm(), CryptoProviders.signatureProvider(jcaName));
            return factory.translateKey(publicKey) instanceof PublicKey translated ? translated : publicKey;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // IllegalArgumentException: BouncyCastle's refusal of a hostile RSA key; initVerify refuses it again
            return publicKey;
        }
    }

    @Override
    public String toString() {
        return "SignatureCheck[" + jcaName + "]";
    }
}
