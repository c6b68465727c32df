package dev.signet.core.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jcajce.io.OutputStreamFactory;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RawContentVerifier;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * Content verifiers that check a signature value once. BouncyCastle's {@code
 * JcaContentVerifierProviderBuilder} pairs every ECDSA verifier with a raw ({@code NONEwithECDSA})
 * one and, after each check, runs the raw one over the same value and discards the result (to free
 * PKCS#11 sessions): a second ECDSA verification per CMS signature for nothing. These verifiers do
 * what BouncyCastle's do otherwise, with the same exceptions and messages: a {@code Signature} of
 * the one algorithm name on the provider {@link CryptoProviders} chooses, initialised with the key
 * already converted for it, fed through BouncyCastle's signature stream. An algorithm identifier
 * other than the expected one (or one with parameters) and the raw path (a SignerInfo without
 * signed attributes over a precomputed digest) go to BouncyCastle's verifier unchanged.
 */
final class SingleSignatureVerifiers {
    private static final DefaultSignatureAlgorithmIdentifierFinder FINDER =
            new DefaultSignatureAlgorithmIdentifierFinder();

    private SingleSignatureVerifiers() {}

    /**
     * {@code keyed} (BouncyCastle's verifiers for {@code key}), checking {@code jcaName} signatures
     * itself; {@code keyed} unchanged when BouncyCastle has no identifier for the name.
     */
    static ContentVerifierProvider of(ContentVerifierProvider keyed, String jcaName, PublicKey key) {
        AlgorithmIdentifier expected;
        try {
            expected = FINDER.find(jcaName);
        } catch (IllegalArgumentException e) {
            return keyed;
        }
        return new Provider(keyed, jcaName, expected, key);
    }

    private static final class Provider implements ContentVerifierProvider {
        private final ContentVerifierProvider keyed;
        private final String jcaName;
        private final AlgorithmIdentifier expected;
        private final PublicKey key;
        /** Whether BouncyCastle's verifier for the expected algorithm is a raw one; null until known. */
        private volatile Boolean raw;

        Provider(ContentVerifierProvider keyed, String jcaName, AlgorithmIdentifier expected, PublicKey key) {
            this.keyed = keyed;
            this.jcaName = jcaName;
            this.expected = expected;
            this.key = key;
        }

        @Override
        public boolean hasAssociatedCertificate() {
            return keyed.hasAssociatedCertificate();
        }

        @Override
        public X509CertificateHolder getAssociatedCertificate() {
            return keyed.getAssociatedCertificate();
        }

        @Override
        public ContentVerifier get(AlgorithmIdentifier algorithm) throws OperatorCreationException {
            if (!algorithm.getAlgorithm().equals(expected.getAlgorithm()) || !withoutParameters(algorithm)) {
                return keyed.get(algorithm);
            }
            Signature signature;
            try {
                signature = CryptoProviders.signature(jcaName);
                signature.initVerify(key);
            } catch (GeneralSecurityException e) {
                throw new OperatorCreationException("exception on setup: " + e, e);
            }
            Boolean isRaw = raw;
            if (isRaw == null) {
                // BouncyCastle pairs a raw verifier when the provider has the NONEwith... algorithm;
                // asked once, so that SignerInformation takes the same path it takes with BouncyCastle's
                isRaw = keyed.get(algorithm) instanceof RawContentVerifier;
                raw = isRaw;
            }
            return isRaw ? new Raw(algorithm, signature, keyed) : new Single(algorithm, signature);
        }

        private static boolean withoutParameters(AlgorithmIdentifier algorithm) {
            ASN1Encodable parameters = algorithm.getParameters();
            return parameters == null || DERNull.INSTANCE.equals(parameters);
        }
    }

    /** One check of one signature value, as BouncyCastle's {@code SigVerifier} makes it. */
    private static class Single implements ContentVerifier {
        private final AlgorithmIdentifier algorithm;
        private final Signature signature;
        private final OutputStream stream;

        Single(AlgorithmIdentifier algorithm, Signature signature) {
            this.algorithm = algorithm;
            this.signature = signature;
            this.stream = OutputStreamFactory.createStream(signature);
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return algorithm;
        }

        @Override
        public OutputStream getOutputStream() {
            return stream;
        }

        @Override
        public boolean verify(byte[] expected) {
            try {
                return signature.verify(expected);
            } catch (SignatureException e) {
                throw new RuntimeOperatorException("exception obtaining signature: " + e.getMessage(), e);
            }
        }
    }

    /** {@link Single}, offering the raw check over a precomputed digest through BouncyCastle's verifier. */
    private static final class Raw extends Single implements RawContentVerifier {
        private final ContentVerifierProvider keyed;

        Raw(AlgorithmIdentifier algorithm, Signature signature, ContentVerifierProvider keyed) {
            super(algorithm, signature);
            this.keyed = keyed;
        }

        @Override
        public boolean verify(byte[] digest, byte[] expected) {
            try {
                return ((RawContentVerifier) keyed.get(getAlgorithmIdentifier())).verify(digest, expected);
            } catch (OperatorCreationException e) {
                throw new RuntimeOperatorException("exception obtaining raw signature: " + e.getMessage(), e);
            }
        }
    }
}
