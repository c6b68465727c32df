package dev.signet.core.crypto.pkcs11;

import dev.signet.core.crypto.DigestInfos;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.KeyBackendUnavailableException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;

/**
 * One logged-in SunPKCS11 provider over the token, with its key store. Dropped as a whole (never
 * repaired) when the token goes away: {@link Pkcs11KeyBackend} opens a new one when it returns.
 * Thread-safe: SunPKCS11 keeps its own pool of sessions.
 */
final class TokenConnection {
    private final Provider provider;
    private final KeyStore keyStore;
    private final ConcurrentHashMap<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PublicKey> publicKeys = new ConcurrentHashMap<>();

    private TokenConnection(Provider provider, KeyStore keyStore) {
        this.provider = provider;
        this.keyStore = keyStore;
    }

    /**
     * Configures a provider over the module and slot and logs in with {@code pin}. A module that
     * does not load, or a slot without the token, is {@link KeyBackendUnavailableException}; a PIN
     * the token refuses is a plain {@link KeyBackendException} (retrying will not help).
     */
    static TokenConnection open(Pkcs11Settings settings, Pkcs11Module module, char[] pin) {
        long slot = module.slotOf(settings.tokenLabel());
        Provider provider;
        try {
            provider = Security.getProvider("SunPKCS11").configure("--" + settings.providerConfig(slot));
        } catch (ProviderException | IllegalArgumentException e) {
            throw new KeyBackendUnavailableException(
                    "PKCS#11 module " + settings.module() + " (token " + settings.tokenLabel() + ") cannot be used: "
                            + rootMessage(e),
                    e);
        }
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin.clone());
            return new TokenConnection(provider, keyStore);
        } catch (IOException e) {
            if (rootMessage(e).contains("CKR_PIN_INCORRECT") || rootMessage(e).contains("CKR_PIN_LEN_RANGE")) {
                throw new KeyBackendException("the PIN of PKCS#11 token " + settings.tokenLabel() + " is wrong");
            }
            throw new KeyBackendUnavailableException(
                    "cannot log in to PKCS#11 token " + settings.tokenLabel() + ": " + rootMessage(e), e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeyBackendUnavailableException(
                    "cannot open PKCS#11 token " + settings.tokenLabel() + ": " + rootMessage(e), e);
        }
    }

    /** Generates a key pair on the token and stores it under {@code alias} with its placeholder certificate. */
    PublicKey generate(KeyAlgorithm algorithm, String alias) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType(algorithm), provider);
        switch (algorithm) {
            case ECDSA_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"));
            case ECDSA_P384 -> generator.initialize(new ECGenParameterSpec("secp384r1"));
            case RSA_2048 -> generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4));
            case RSA_3072 -> generator.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
            case RSA_4096 -> generator.initialize(new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4));
            case ED25519 -> throw new KeyBackendException("the pkcs11 key backend does not generate Ed25519 keys");
        }
        KeyPair pair = generator.generateKeyPair();
        X509Certificate placeholder = PlaceholderCertificate.create(
                alias, pair.getPublic(), algorithm, digestInfo -> signDigest(pair.getPrivate(), algorithm, digestInfo));
        keyStore.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {placeholder});
        return pair.getPublic();
    }

    /**
     * Creates {@code key} (a private key given in memory) on the token under {@code alias} through
     * SunPKCS11's key store ({@code C_CreateObject}, with the configuration's import template:
     * private, sensitive, non-extractable), with a placeholder certificate signed by that key in
     * memory before it is stored.
     */
    void importKey(KeyAlgorithm algorithm, PrivateKey key, PublicKey publicKey, String alias)
            throws GeneralSecurityException {
        X509Certificate placeholder = PlaceholderCertificate.create(
                alias, publicKey, algorithm, input -> signInMemory(key, algorithm, input));
        keyStore.setKeyEntry(alias, key, null, new Certificate[] {placeholder});
        publicKeys.put(alias, publicKey);
    }

    /** The PKCS#11 mechanism's result computed in the JVM: ECDSA over a digest, RSA PKCS#1 v1.5 over a DigestInfo. */
    private static byte[] signInMemory(PrivateKey key, KeyAlgorithm algorithm, byte[] input)
            throws GeneralSecurityException {
        return switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 -> {
                Signature signature = Signature.getInstance("NONEwithECDSA");
                signature.initSign(key);
                signature.update(input);
                yield signature.sign();
            }
            case RSA_2048, RSA_3072, RSA_4096 -> {
                Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                rsa.init(Cipher.ENCRYPT_MODE, key);
                yield rsa.doFinal(input);
            }
            case ED25519 -> throw new KeyBackendException("the pkcs11 key backend holds no Ed25519 keys");
        };
    }

    PublicKey publicKey(String alias) throws GeneralSecurityException {
        PublicKey known = publicKeys.get(alias);
        if (known != null) {
            return known;
        }
        Certificate certificate = keyStore.getCertificate(alias);
        if (certificate == null) {
            throw new KeyBackendException("unknown PKCS#11 key " + alias);
        }
        publicKeys.put(alias, certificate.getPublicKey());
        return certificate.getPublicKey();
    }

    PrivateKey privateKey(String alias) throws GeneralSecurityException {
        PrivateKey known = privateKeys.get(alias);
        if (known != null) {
            return known;
        }
        Key key = keyStore.getKey(alias, null);
        if (!(key instanceof PrivateKey privateKey)) {
            throw new KeyBackendException("unknown PKCS#11 key " + alias);
        }
        privateKeys.put(alias, privateKey);
        return privateKey;
    }

    /**
     * Signs a digest on the token: ECDSA over the digest itself (DER result), RSA PKCS#1 v1.5 over
     * the DigestInfo the caller built.
     */
    byte[] signDigest(PrivateKey key, KeyAlgorithm algorithm, byte[] input) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(
                switch (algorithm) {
                    case ECDSA_P256, ECDSA_P384 -> "NONEwithECDSA";
                    case RSA_2048, RSA_3072, RSA_4096 -> "NONEwithRSA";
                    case ED25519 -> throw new KeyBackendException("Ed25519 keys cannot sign precomputed digests");
                },
                provider);
        signature.initSign(key);
        signature.update(input);
        return signature.sign();
    }

    /** A cheap round trip to the token, reading its objects: fails when the token is gone or logged out. */
    void probe() throws GeneralSecurityException {
        keyStore.containsAlias("signet-probe");
    }

    static byte[] signatureInput(KeyAlgorithm algorithm, HashAlgorithm hash, byte[] digest) {
        return switch (algorithm) {
            case RSA_2048, RSA_3072, RSA_4096 -> DigestInfos.encode(hash, digest);
            default -> digest;
        };
    }

    private static String keyType(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 -> "EC";
            case RSA_2048, RSA_3072, RSA_4096 -> "RSA";
            case ED25519 -> "Ed25519";
        };
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
