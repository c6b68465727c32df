package dev.signet.core.crypto.pkcs11;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The self-signed certificate stored beside each generated key. SunPKCS11's key store shows a
 * private key only when a certificate with the same {@code CKA_ID} is on the token, and it is where
 * Signet reads the public key back from. It certifies nothing: the profile's real certificate is
 * issued by the CA and kept in the database.
 */
final class PlaceholderCertificate {
    /** Signs the PKCS#11 mechanism input (a digest, or an RSA DigestInfo) with the new key. */
    interface TokenSigner {
        byte[] sign(byte[] input) throws GeneralSecurityException;
    }

    private PlaceholderCertificate() {}

    static X509Certificate create(String alias, PublicKey publicKey, KeyAlgorithm algorithm, TokenSigner signer)
            throws GeneralSecurityException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "Signet PKCS#11 key " + alias)
                .build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, Date.from(now), Date.from(now.plus(36500, ChronoUnit.DAYS)), name, publicKey);
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new TokenContentSigner(algorithm, signer)));
        } catch (CertificateException e) {
            throw new KeyBackendException("cannot build the placeholder certificate of " + alias, e);
        }
    }

    private static final class TokenContentSigner implements ContentSigner {
        private final KeyAlgorithm algorithm;
        private final TokenSigner signer;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        TokenContentSigner(KeyAlgorithm algorithm, TokenSigner signer) {
            this.algorithm = algorithm;
            this.signer = signer;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return KeyBackendContentSigner.algorithmIdentifier(new SignatureAlgorithm(algorithm, HashAlgorithm.SHA256));
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            byte[] digest = CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(buffer.toByteArray());
            try {
                return signer.sign(TokenConnection.signatureInput(algorithm, HashAlgorithm.SHA256, digest));
            } catch (GeneralSecurityException e) {
                throw new KeyBackendException("the new key cannot sign its placeholder certificate", e);
            }
        }
    }
}
