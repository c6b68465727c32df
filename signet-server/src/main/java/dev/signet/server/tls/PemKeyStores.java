package dev.signet.server.tls;

import dev.signet.core.ca.Pem;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.EncryptionException;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Reads the PEM files of a {@link TlsConfig} into in-memory key stores for Jetty. Refuses a key that
 * does not belong to the certificate, an empty chain, and an encrypted key without its passphrase;
 * every refusal is a {@link TlsMaterialException} naming the file.
 */
public final class PemKeyStores {
    /** The alias of the server's key entry. */
    static final String ALIAS = "signet";
    /** The key encryptions of PEM files (AES-CBC with PKCS#7 padding, scrypt, ...) that the JDK lacks. */
    private static final Provider BC = new BouncyCastleProvider();

    private PemKeyStores() {}

    /** The server's certificate chain and key, as one PKCS#12 entry protected by {@code password}. */
    public static KeyStore serverKeyStore(TlsConfig config, char[] password) {
        List<X509Certificate> chain = certificates(config.certificate());
        PrivateKey key = privateKey(config.key(), config.keyPassphraseFile().map(PemKeyStores::passphrase));
        if (!matches(chain.get(0), key)) {
            throw new TlsMaterialException(
                    config.key() + " is not the private key of the first certificate in " + config.certificate());
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("cannot hold the key of " + config.key() + ": " + e.getMessage(), e);
        }
    }

    /** The CA certificates client certificates must chain to. */
    public static KeyStore trustStore(Path caFile) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (X509Certificate ca : certificates(caFile)) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("cannot hold the CAs of " + caFile + ": " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(Path file) {
        try {
            List<X509Certificate> chain = Pem.decodeCertificates(read(file));
            if (chain.isEmpty()) {
                throw new TlsMaterialException(file + " holds no PEM certificate");
            }
            return chain;
        } catch (CertificateException e) {
            throw new TlsMaterialException(file + " is not a readable PEM certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file, Optional<char[]> passphrase) {
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                // the private part alone: a SEC1 key may leave its public key out
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                char[] secret = passphrase.orElseThrow(() -> needsPassphrase(file));
                return converter.getPrivateKey(
                        encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                .setProvider(BC)
                                .build(secret)));
            }
            if (object instanceof PEMEncryptedKeyPair encrypted) {
                char[] secret = passphrase.orElseThrow(() -> needsPassphrase(file));
                return converter.getPrivateKey(encrypted
                        .decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                .setProvider(BC)
                                .build(secret))
                        .getPrivateKeyInfo());
            }
            throw new TlsMaterialException(file + " holds no PEM private key");
        } catch (PKCSException | EncryptionException e) {
            throw new TlsMaterialException("cannot decrypt the key in " + file + " (wrong passphrase?)", e);
        } catch (PEMException | OperatorCreationException e) {
            throw new TlsMaterialException("cannot read the key in " + file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read the key in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        String algorithm = certificate.getPublicKey().getAlgorithm();
        String keyAlgorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        if (!algorithm.equals(keyAlgorithm)) {
            return false;
        }
        String signature =
                algorithm.equals("EC") ? "SHA256withECDSA" : algorithm.equals("RSA") ? "SHA256withRSA" : null;
        if (signature == null) {
            // Ed25519 and others: Jetty's handshake is the check
            return true;
        }
        try {
            byte[] probe = "signet tls key check".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(signature);
            signer.initSign(key);
            signer.update(probe);
            byte[] signed = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(signature);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static TlsMaterialException needsPassphrase(Path file) {
        return new TlsMaterialException(file + " is encrypted: name its passphrase file with tls.key-passphrase-file");
    }

    private static char[] passphrase(Path file) {
        String text = read(file);
        int end = text.indexOf('\n');
        String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
        return line.toCharArray();
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > Pem.MAX_INPUT) {
                throw new TlsMaterialException(file + " is larger than " + Pem.MAX_INPUT + " bytes");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsMaterialException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
