package dev.signet.core.format.jar;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.cms.CmsSignatureBuilder;
import dev.signet.core.tsa.Timestamper;
import java.time.Instant;
import java.util.Optional;

/**
 * The JAR signature block ({@code META-INF/SIGNET.EC} or {@code .RSA}): a PKCS#7 SignedData over
 * the detached signature file, as {@code jarsigner} writes it (signed attributes contentType,
 * signingTime, messageDigest and CMSAlgorithmProtection; the signer's chain; an RFC 3161 token as
 * unsigned attribute when a timestamper is given), built by the CMS format's {@link
 * CmsSignatureBuilder}, which checks the signature value before it returns. The key is used only
 * through {@link SigningKey#sign}; {@link SignerBlock} reads such a block back.
 */
final class JarSignatureBlock {
    static final HashAlgorithm HASH = HashAlgorithm.SHA256;

    private JarSignatureBlock() {}

    /** The block's entry name for {@code algorithm}, as jarsigner names it. */
    static String entryName(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ECDSA_P256, ECDSA_P384 -> JarSigning.BLOCK;
            case RSA_3072, RSA_2048, RSA_4096 -> JarSigning.RSA_BLOCK;
            case ED25519 -> throw new IllegalArgumentException("jar does not sign with Ed25519");
        };
    }

    /**
     * The block over {@code signatureFile}, with the evidence of the builder's self-check (its
     * signature value checked over the exact signed attributes, whose messageDigest is the signature
     * file's; the time-stamp token, if any, checked).
     */
    static CmsSignatureBuilder.Signed build(
            SigningKey key, byte[] signatureFile, Instant signingTime, Optional<Timestamper> timestamper)
            throws FormatException {
        return CmsSignatureBuilder.build(JarFormat.ID, key, HASH, sha256(signatureFile), signingTime, timestamper);
    }

    static byte[] sha256(byte[] bytes) {
        return CryptoProviders.messageDigest(HASH).digest(bytes);
    }
}
