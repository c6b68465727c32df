package dev.signet.core.format.jar;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * The JAR signature block ({@code META-INF/SIGNET.EC} or {@code .RSA}): a PKCS#7 SignedData over
 * the detached signature file, as {@code jarsigner} writes it (signed attributes contentType,
 * signingTime, messageDigest and CMSAlgorithmProtection; the signer's chain; an RFC 3161 token as
 * unsigned attribute when a timestamper is given). The key is used only through {@link
 * SigningKey#sign}. {@link #check} is the signer's self-check: the block's messageDigest against
 * the signature file and its signature value against the leaf certificate's public key.
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
        SignatureAlgorithm algorithm = new SignatureAlgorithm(key.handle().algorithm(), HASH);
        AlgorithmIdentifier digestAlg = KeyBackendContentSigner.digestIdentifier(HASH);
        AlgorithmIdentifier signatureAlg = KeyBackendContentSigner.algorithmIdentifier(algorithm);
        byte[] sfDigest = CryptoProviders.messageDigest(HASH).digest(signatureFile);
        try {
            ASN1EncodableVector attrs = new ASN1EncodableVector();
            attrs.add(attribute(CMSAttributes.contentType, CMSObjectIdentifiers.data));
            attrs.add(attribute(
                    CMSAttributes.signingTime, new Time(Date.from(signingTime.truncatedTo(ChronoUnit.SECONDS)))));
            attrs.add(attribute(CMSAttributes.messageDigest, new DEROctetString(sfDigest)));
            attrs.add(attribute(
                    CMSAttributes.cmsAlgorithmProtect,
                    new CMSAlgorithmProtection(digestAlg, CMSAlgorithmProtection.SIGNATURE, signatureAlg)));
            DERSet signedAttrs = new DERSet(attrs);
            byte[] signature = key.sign(HASH, signedAttrs.getEncoded(ASN1Encoding.DER));
            X509Certificate leaf = key.certificate();
            IssuerAndSerialNumber sid = new IssuerAndSerialNumber(
                    X500Name.getInstance(leaf.getIssuerX500Principal().getEncoded()), leaf.getSerialNumber());
            SignerInfo signerInfo = new SignerInfo(
                    new SignerIdentifier(sid),
                    digestAlg,
                    signedAttrs,
                    signatureAlg,
                    new DEROctetString(signature),
                    timestamper.isPresent() ? TimestampAttributes.create(timestamper.get(), signature) : null);
            ASN1EncodableVector certs = new ASN1EncodableVector();
            for (X509Certificate c : key.chain()) {
                certs.add(Certificate.getInstance(c.getEncoded()));
            }
            SignedData signedData = new SignedData(
                    new DERSet(digestAlg),
                    new ContentInfo(CMSObjectIdentifiers.data, null),
                    new DERSet(certs),
                    null,
                    new DERSet(signerInfo));
            return new ContentInfo(CMSObjectIdentifiers.signedData, signedData).getEncoded(ASN1Encoding.DER);
        } catch (IOException | CertificateEncodingException e) {
            throw new FormatException("cannot encode the JAR signature block: " + e.getMessage(), e);
        } catch (TimestampException e) {
            throw new FormatException("cannot time-stamp the JAR signature: " + e.getMessage(), e);
        } catch (KeyBackendException e) {
            throw new FormatException("the key backend could not sign: " + e.getMessage(), e);
        }
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
            verifier.initVerify(block.chain().get(0).getPublicKey());
            verifier.update(block.signedAttributes());
            return verifier.verify(block.signature())
                    ? null
                    : "the JAR signature does not verify with the signer's certificate";
        } catch (GeneralSecurityException | RuntimeException e) {
            return "the JAR signature does not verify with the signer's certificate ("
                    + e.getClass().getSimpleName() + ")";
        }
    }

    private static Attribute attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new Attribute(type, new DERSet(value));
    }
}
