package dev.signet.core.format.jar;

import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * What Signet needs from a JAR's PKCS#7 block: the chain (signer first), the signed time, the
 * signature value, the DER signed attributes and their messageDigest, the unsigned attributes.
 * Refuses a block without exactly one signer or without the signer's certificate.
 */
record ParsedBlock(
        List<X509Certificate> chain,
        Optional<Instant> signingTime,
        byte[] signature,
        byte[] signedAttributes,
        Optional<byte[]> messageDigest,
        ASN1Set unsigned) {

    static ParsedBlock parse(byte[] der) throws FormatException {
        return Asn1Decoding.decode(
                () -> decode(der),
                malformed -> new FormatException(
                        "the JAR signature block is malformed: " + malformed.reason(), malformed.cause()));
    }

    private static ParsedBlock decode(byte[] der) throws FormatException, IOException {
        try {
            CMSSignedData data = new CMSSignedData(der);
            if (data.getSignerInfos().size() != 1) {
                throw new FormatException("the JAR signature block must have exactly one signer");
            }
            SignerInformation signer = data.getSignerInfos().iterator().next();
            List<X509Certificate> certs = new ArrayList<>();
            X509CertificateHolder leaf = null;
            for (X509CertificateHolder h : data.getCertificates().getMatches(null)) {
                if (signer.getSID().match(h)) {
                    leaf = h;
                }
            }
            if (leaf == null) {
                throw new FormatException("the JAR signature block does not carry its signer's certificate");
            }
            certs.add(CertificateCache.parse(leaf.getEncoded()));
            for (X509CertificateHolder h : data.getCertificates().getMatches(null)) {
                if (!h.equals(leaf)) {
                    certs.add(CertificateCache.parse(h.getEncoded()));
                }
            }
            AttributeTable signed = signer.getSignedAttributes();
            return new ParsedBlock(
                    List.copyOf(certs),
                    signed == null ? Optional.empty() : signingTime(signed),
                    signer.getSignature(),
                    signed == null ? new byte[0] : signer.getEncodedSignedAttributes(),
                    signed == null ? Optional.empty() : messageDigest(signed),
                    signer.toASN1Structure().getUnauthenticatedAttributes());
        } catch (CMSException | CertificateException e) {
            throw new FormatException("the JAR signature block is malformed: " + JarSigning.oneLine(e), e);
        }
    }

    private static Optional<Instant> signingTime(AttributeTable signed) {
        Attribute time = signed.get(CMSAttributes.signingTime);
        if (time == null || time.getAttrValues().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(
                Time.getInstance(time.getAttrValues().getObjectAt(0)).getDate().toInstant());
    }

    private static Optional<byte[]> messageDigest(AttributeTable signed) {
        Attribute digest = signed.get(CMSAttributes.messageDigest);
        if (digest == null || digest.getAttrValues().size() != 1) {
            return Optional.empty();
        }
        return Optional.of(ASN1OctetString.getInstance(digest.getAttrValues().getObjectAt(0))
                .getOctets());
    }
}
