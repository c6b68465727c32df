package dev.signet.core.format.cms;

import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.KeyBackendException;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SigningKey;
import dev.signet.core.format.FormatException;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampException;
import dev.signet.core.tsa.Timestamper;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
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
 * Assembles a detached CMS SignedData from a precomputed content digest, so a streamed file and a
 * client-supplied digest give the same structure. The private key is used only through {@link
 * SigningKey#sign}, over the DER encoding of the signed attributes.
 */
final class CmsSignatureBuilder {
    private CmsSignatureBuilder() {}

    static byte[] build(
            SigningKey key,
            HashAlgorithm hash,
            byte[] contentDigest,
            Instant signingTime,
            Optional<Timestamper> timestamper)
            throws FormatException {
        SignatureAlgorithm algorithm = new SignatureAlgorithm(key.handle().algorithm(), hash);
        AlgorithmIdentifier digestAlg = KeyBackendContentSigner.digestIdentifier(hash);
        AlgorithmIdentifier signatureAlg = KeyBackendContentSigner.algorithmIdentifier(algorithm);
        try {
            DERSet signedAttrs = signedAttributes(digestAlg, signatureAlg, contentDigest, signingTime);
            byte[] signature = key.sign(hash, signedAttrs.getEncoded(ASN1Encoding.DER));
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
            throw new FormatException("cannot encode the CMS signature: " + e.getMessage(), e);
        } catch (TimestampException e) {
            throw new FormatException("cannot time-stamp the CMS signature: " + e.getMessage(), e);
        } catch (KeyBackendException e) {
            throw new FormatException("the key backend could not sign: " + e.getMessage(), e);
        }
    }

    /** contentType, signingTime, messageDigest and CMSAlgorithmProtection, DER-sorted. */
    static DERSet signedAttributes(
            AlgorithmIdentifier digestAlg,
            AlgorithmIdentifier signatureAlg,
            byte[] contentDigest,
            Instant signingTime) {
        ASN1EncodableVector attrs = new ASN1EncodableVector();
        attrs.add(attribute(CMSAttributes.contentType, CMSObjectIdentifiers.data));
        attrs.add(
                attribute(CMSAttributes.signingTime, new Time(Date.from(signingTime.truncatedTo(ChronoUnit.SECONDS)))));
        attrs.add(attribute(CMSAttributes.messageDigest, new DEROctetString(contentDigest)));
        attrs.add(attribute(
                CMSAttributes.cmsAlgorithmProtect,
                new CMSAlgorithmProtection(digestAlg, CMSAlgorithmProtection.SIGNATURE, signatureAlg)));
        return new DERSet(attrs);
    }

    private static Attribute attribute(org.bouncycastle.asn1.ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new Attribute(type, new DERSet(value));
    }
}
