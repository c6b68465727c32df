package dev.signet.core.crypto;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * BouncyCastle verifiers for one CMS SignerInfo whose signature value is checked on the provider
 * {@link CryptoProviders} chooses for its algorithm (ACCP when it implements it), not the JDK
 * default, whose pure-Java ECDSA and RSA verifies cost several times more. Digests stay on the
 * default providers (the signature provider may have none, e.g. SunEC).
 *
 * <p>A verifier is made once per signer certificate and signature algorithm, with the certificate's
 * key converted once into the provider's own key type (converting it on every check cost as much
 * as the check), and kept (at most {@link #MAX_CACHED}; the cache starts over when full). Verifiers
 * hold public data only and make a new {@code Signature} per check, so sharing them is safe. For the
 * common ECDSA, RSA and Ed25519 algorithms the signature value is checked once per call ({@link
 * SingleSignatureVerifiers}); BouncyCastle's own verifier checks an ECDSA value a second time, for
 * nothing, on every call.
 */
public final class CmsSignerVerifiers {
    static final int MAX_CACHED = 1024;
    private static final DefaultCMSSignatureAlgorithmNameGenerator NAMES =
            new DefaultCMSSignatureAlgorithmNameGenerator();
    private static final DefaultSignatureAlgorithmIdentifierFinder FINDER =
            new DefaultSignatureAlgorithmIdentifierFinder();

    private record Key(X509Certificate certificate, String algorithm) {}

    private static final Map<Key, SignerInformationVerifier> CACHE = new ConcurrentHashMap<>();

    private CmsSignerVerifiers() {}

    /** A verifier of {@code signer}'s signature with {@code certificate}'s public key. */
    public static SignerInformationVerifier forSigner(SignerInformation signer, X509Certificate certificate)
            throws OperatorCreationException {
        String name = NAMES.getSignatureName(
                signer.getDigestAlgorithmID(), signer.toASN1Structure().getDigestEncryptionAlgorithm());
        Key key = new Key(certificate, name);
        SignerInformationVerifier cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        JcaContentVerifierProviderBuilder signatures = new JcaContentVerifierProviderBuilder();
        CryptoProviders.verificationProvider(name).ifPresent(signatures::setProvider);
        X509CertificateHolder holder;
        try {
            holder = new EncodedHolder(new JcaX509CertificateHolder(certificate));
        } catch (CertificateEncodingException | IOException e) {
            throw new OperatorCreationException("cannot encode the signer certificate: " + e.getMessage(), e);
        }
        PublicKey publicKey = SignatureCheck.verificationKey(certificate, name);
        ContentVerifierProvider keyed = signatures.build(publicKey);
        if (CryptoProviders.verificationProvider(name).isPresent()) {
            keyed = SingleSignatureVerifiers.of(keyed, name, publicKey);
        }
        SignerInformationVerifier made = new SignerInformationVerifier(
                NAMES, FINDER, withCertificate(keyed, holder), new JcaDigestCalculatorProviderBuilder().build());
        if (CACHE.size() >= MAX_CACHED) {
            CACHE.clear();
        }
        CACHE.put(key, made);
        return made;
    }

    /**
     * {@code keyed}'s verifiers, associated with the certificate whose key they use: BouncyCastle
     * checks a time-stamp token's ESSCertID and the certificate's validity at genTime against it.
     */
    private static ContentVerifierProvider withCertificate(
            ContentVerifierProvider keyed, X509CertificateHolder holder) {
        return new ContentVerifierProvider() {
            @Override
            public boolean hasAssociatedCertificate() {
                return true;
            }

            @Override
            public X509CertificateHolder getAssociatedCertificate() {
                return holder;
            }

            @Override
            public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
                return keyed.get(algorithm);
            }
        };
    }

    /**
     * A certificate holder that encodes its certificate once: BouncyCastle hashes the associated
     * certificate's encoding on every time-stamp token check (ESSCertID), and re-encoded the whole
     * certificate to do it each time. The bytes are the holder's own {@code getEncoded()}.
     */
    private static final class EncodedHolder extends X509CertificateHolder {
        private static final long serialVersionUID = 1L;
        private final byte[] encoded;

        EncodedHolder(X509CertificateHolder holder) throws IOException {
            super(holder.toASN1Structure());
            this.encoded = holder.getEncoded();
        }

        @Override
        public byte[] getEncoded() {
            return encoded.clone();
        }
    }
}
