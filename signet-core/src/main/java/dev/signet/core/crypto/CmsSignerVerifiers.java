package dev.signet.core.crypto;

import java.security.cert.X509Certificate;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * BouncyCastle verifiers for one CMS SignerInfo whose signature value is checked on the provider
 * {@link CryptoProviders} chooses for its algorithm (ACCP when it implements it), not the JDK
 * default, whose pure-Java ECDSA and RSA verifies cost several times more. Digests stay on the
 * default providers (the signature provider may have none, e.g. SunEC).
 */
public final class CmsSignerVerifiers {
    private static final DefaultCMSSignatureAlgorithmNameGenerator NAMES =
            new DefaultCMSSignatureAlgorithmNameGenerator();

    private CmsSignerVerifiers() {}

    /** A verifier of {@code signer}'s signature with {@code certificate}'s public key. */
    public static SignerInformationVerifier forSigner(SignerInformation signer, X509Certificate certificate)
            throws OperatorCreationException {
        String name = NAMES.getSignatureName(
                signer.getDigestAlgorithmID(), signer.toASN1Structure().getDigestEncryptionAlgorithm());
        JcaContentVerifierProviderBuilder signatures = new JcaContentVerifierProviderBuilder();
        CryptoProviders.verificationProvider(name).ifPresent(signatures::setProvider);
        return new SignerInformationVerifier(
                NAMES,
                new DefaultSignatureAlgorithmIdentifierFinder(),
                signatures.build(certificate),
                new JcaDigestCalculatorProviderBuilder().build());
    }
}
