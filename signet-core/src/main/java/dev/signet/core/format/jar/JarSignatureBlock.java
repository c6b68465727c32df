package dev.signet.core.format.jar;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.cms.CmsSignatureBuilder;
import dev.signet.core.tsa.Timestamper;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Instant;
import java.util.Optional;

/**
 * The JAR signature block ({@code META-INF/SIGNET.EC} or {@code .RSA}): a PKCS#7 SignedData over
 * the detached signature file, as {@code jarsigner} writes it (signed attributes contentType,
 * signingTime, messageDigest and CMSAlgorithmProtection; the signer's chain; an RFC 3161 token as
 * unsigned attribute when a timestamper is given), built by the CMS format's {@link
 * CmsSignatureBuilder}, which checks the signature value before it returns. The key is used only
 * through {@link SigningKey#sign}. {@link #check} is the signer's self-check on the parsed block:
 * its messageDigest against the signature file and its signature value against the leaf
 * certificate's public key.
 */
final class JarSignatureBlock {
    static final HashAlgorithm HASH = HashAlgorithm.SHA256;

    private JarSignatureBlock() {}

    /** The block's entry name for {@code algorithm}, as jarsigner names it. */
    static String entryName(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 -> JarSigning.BLOCK;
            case RSA_3072, RSA_2048 -> JarSigning.RSA_BLOCK;
            case ED25519 -> throw new IllegalArgumentException("jar does not sign with Ed25519");
        };
    }

    static byte[] build(SigningKey key, byte[] signatureFile, Instant signingTime, Optional<Timestamper> timestamper)
            throws FormatException {
        byte[] sfDigest = CryptoProviders.messageDigest(HASH).digest(signatureFile);
        return CmsSignatureBuilder.build(JarFormat.ID, key, HASH, sfDigest, signingTime, timestamper)
                .der();
    }

    /**
     * Null when the parsed block signs {@code signatureFile} with the key of its leaf certificate
     * under {@code algorithm}; otherwise what is wrong, in one line.
     */
    static String check(ParsedBlock block, byte[] signatureFile, SignatureAlgorithm algorithm) {
        if (block.messageDigest().isEmpty()) {
            return "the JAR signature block has no messageDigest attribute";
        }
        byte[] sfDigest = CryptoProviders.messageDigest(HASH).digest(signatureFile);
        if (!MessageDigest.isEqual(block.messageDigest().get(), sfDigest)) {
            return "the JAR signature block does not sign the signature file (digest mismatch)";
        }
        try {
            Signature verifier = CryptoProviders.signature(algorithm.jcaName());
            CryptoProviders.initVerify(verifier, block.chain().get(0).getPublicKey());
            verifier.update(block.signedAttributes());
            return verifier.verify(block.signature())
                    ? null
                    : "the JAR signature does not verify with the signer's certificate";
        } catch (InvalidKeyException | SignatureException e) {
            // a certificate key that does not fit the algorithm, a signature value that does not decode
            return "the JAR signature does not verify with the signer's certificate ("
                    + e.getClass().getSimpleName() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + algorithm.jcaName(), e);
        }
    }
}
