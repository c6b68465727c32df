package dev.signet.core.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a certificate is signed by a public key, on the provider {@link CryptoProviders}
 * chooses for the certificate's signature algorithm (ACCP's native ECDSA/RSA rather than the JDK's
 * pure-Java SunEC, which costs milliseconds per check).
 *
 * <p>Successful checks are remembered, keyed by the SHA-256 of the certificate's full DER encoding
 * and of the key's encoding, so the same CA and time-stamping certificates carried in every
 * signature are checked once per process. Only successes are cached (a failure is recomputed every
 * time), and a key covers exact bytes only: a certificate that differs in one byte is a different
 * entry. At most {@link #MAX_ENTRIES} entries; the cache is cleared when full. Thread-safe.
 *
 * <p>When the chosen provider is one the JDK has installed (jdk mode, as {@code signet verify} runs),
 * the check is left to {@link X509Certificate#verify(PublicKey)}, which picks that same provider and
 * lets the certificate object remember the outcome, so a later PKIX path build over the same
 * certificate does not run the signature check a second time.
 */
public final class CertificateSignatures {
    static final int MAX_ENTRIES = 1024;
    private static final Map<String, Boolean> VERIFIED = new ConcurrentHashMap<>();

    private CertificateSignatures() {}

    /**
     * @throws GeneralSecurityException when {@code cert}'s signature does not verify with {@code
     *     issuerKey} (or the algorithm is unsupported); {@link InvalidKeyException} for a key the
     *     provider refuses, also where BouncyCastle refuses it with an IllegalArgumentException
     */
    public static void verify(X509Certificate cert, PublicKey issuerKey) throws GeneralSecurityException {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(issuerKey, "issuerKey");
        String key = fingerprint(cert.getEncoded()) + ":" + fingerprint(issuerKey.getEncoded());
        if (VERIFIED.containsKey(key)) {
            return;
        }
        Optional<Provider> provider = CryptoProviders.verificationProvider(cert.getSigAlgName());
        try {
            if (provider.isPresent() && !installed(provider.get())) {
                cert.verify(issuerKey, provider.get());
            } else {
                // the JDK's own choice, which an installed chosen provider is (jdk mode): the certificate
                // then remembers the outcome for this key, and a PKIX path build over it does not verify again
                cert.verify(issuerKey);
            }
        } catch (IllegalArgumentException e) {
            // BouncyCastle's refusal of a hostile RSA key (see CryptoProviders.initVerify)
            throw new InvalidKeyException("unusable " + issuerKey.getAlgorithm() + " key: " + e.getMessage(), e);
        }
        if (VERIFIED.size() >= MAX_ENTRIES) {
            VERIFIED.clear();
        }
        VERIFIED.put(key, Boolean.TRUE);
    }

    private static boolean installed(Provider provider) {
        return Security.getProvider(provider.getName()) == provider;
    }

    private static String fingerprint(byte[] encoded) {
        MessageDigest md = CryptoProviders.messageDigest(HashAlgorithm.SHA256);
        return HexFormat.of().formatHex(md.digest(encoded == null ? new byte[0] : encoded));
    }
}
