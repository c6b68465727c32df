package dev.signet.core.format.cms;

import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.DerReader;
import dev.signet.core.crypto.LazyAsn1;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;

/**
 * The parts of a detached CMS SignedData that verification needs, parsed strictly: one ContentInfo
 * of type signedData with nothing after it, detached id-data content, exactly one SignerInfo (its
 * signed attributes decoded, when it has them), at most {@link #MAX_CERTIFICATES} X.509
 * certificates. Everything BouncyCastle decodes lazily is decoded here, so what is malformed is
 * refused here with {@link FormatException}.
 *
 * @param signedAttributes the SignerInfo's signed attributes, decoded, when it has them
 */
record ParsedCms(
        SignerInfo signer,
        Optional<List<Attribute>> signedAttributes,
        List<X509Certificate> certificates,
        Optional<byte[]> encodedUnsignedAttributes) {
    static final int MAX_CERTIFICATES = 16;

    static ParsedCms parse(byte[] der) throws FormatException {
        return Asn1Decoding.decode(
                () -> parseUnchecked(der),
                malformed -> new FormatException("not a CMS signature: " + malformed.reason(), malformed.cause()));
    }

    private static ParsedCms parseUnchecked(byte[] der) throws IOException, FormatException {
        ASN1Primitive primitive = LazyAsn1.read(der).orElse(null);
        if (primitive == null) {
            primitive = readEagerly(der);
        }
        ContentInfo contentInfo = ContentInfo.getInstance(primitive);
        if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
            throw new FormatException("not a CMS SignedData: content type " + contentInfo.getContentType());
        }
        SignedData signedData = SignedData.getInstance(contentInfo.getContent());
        ContentInfo encap = signedData.getEncapContentInfo();
        if (!CMSObjectIdentifiers.data.equals(encap.getContentType())) {
            throw new FormatException("CMS encapsulated content type is " + encap.getContentType() + ", not id-data");
        }
        if (encap.getContent() != null) {
            throw new FormatException("CMS signature is not detached: it carries its content");
        }
        ASN1Set signerInfos = signedData.getSignerInfos();
        if (signerInfos.size() != 1) {
            throw new FormatException("CMS signature must have exactly one signer, found " + signerInfos.size());
        }
        SignerInfo signer = SignerInfo.getInstance(signerInfos.getObjectAt(0));
        checkVersions(signedData, signer);
        boolean listed = false;
        for (ASN1Encodable a : signedData.getDigestAlgorithms()) {
            listed |= org.bouncycastle.asn1.x509.AlgorithmIdentifier.getInstance(a)
                    .getAlgorithm()
                    .equals(signer.getDigestAlgorithm().getAlgorithm());
        }
        if (!listed) {
            throw new FormatException("CMS digestAlgorithms does not list the signer's digest algorithm");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        ASN1Set certs = signedData.getCertificates();
        if (certs != null) {
            if (certs.size() > MAX_CERTIFICATES) {
                throw new FormatException("CMS signature carries more than " + MAX_CERTIFICATES + " certificates");
            }
            for (ASN1Encodable c : certs) {
                try {
                    certificates.add(CertificateCache.parse(c.toASN1Primitive().getEncoded()));
                } catch (CertificateException e) {
                    throw new FormatException("CMS signature carries a malformed certificate", e);
                }
            }
        }
        List<Attribute> signedAttributes = null;
        if (signer.getAuthenticatedAttributes() != null) {
            signedAttributes = new ArrayList<>();
            for (ASN1Encodable a : signer.getAuthenticatedAttributes()) {
                signedAttributes.add(Attribute.getInstance(a));
            }
        }
        return new ParsedCms(
                signer,
                Optional.ofNullable(signedAttributes).map(List::copyOf),
                List.copyOf(certificates),
                signer.getUnauthenticatedAttributes() == null ? Optional.empty() : encodedUnsignedAttributes(der));
    }

    /**
     * The one SignerInfo's unsigned attributes as {@code der} carries them (its {@code [1]} element),
     * when that SignerInfo is canonical DER; empty otherwise, and the decoded attributes are used.
     */
    private static Optional<byte[]> encodedUnsignedAttributes(byte[] der) {
        try {
            DerReader contentInfo = new DerReader(der, 0, der.length).constructed(0x30);
            contentInfo.element(0x06);
            DerReader signedData = contentInfo.constructed(0xA0).constructed(0x30);
            signedData.element(0x02);
            signedData.element(0x31);
            signedData.element(0x30);
            if (signedData.peek() == 0xA0) {
                signedData.element(0xA0);
            }
            if (signedData.peek() == 0xA1) {
                signedData.element(0xA1);
            }
            int from = signedData.position();
            DerReader signerInfo = signedData.constructed(0x31).constructed(0x30);
            DerReader.requireCanonical(der, from, signedData.position());
            byte[] last = null;
            while (!signerInfo.atEnd()) {
                last = signerInfo.element(signerInfo.peek());
            }
            return last != null && last[0] == (byte) 0xA1 ? Optional.of(last) : Optional.empty();
        } catch (DerReader.Malformed e) {
            return Optional.empty();
        }
    }

    /** What {@link LazyAsn1} does not vouch for, read the usual way (which gives the refusal). */
    private static ASN1Primitive readEagerly(byte[] der) throws IOException, FormatException {
        ASN1Primitive primitive;
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            primitive = in.readObject();
            if (primitive == null) {
                throw new FormatException("not a CMS signature: empty");
            }
            if (in.readObject() != null) {
                throw new FormatException("not a CMS signature: trailing data after the ContentInfo");
            }
        }
        return primitive;
    }

    /** RFC 5652 5.1/5.3: version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier. */
    private static void checkVersions(SignedData signedData, SignerInfo signer) throws FormatException {
        BigInteger expected = BigInteger.valueOf(signer.getSID().isTagged() ? 3 : 1);
        BigInteger signerVersion = signer.getVersion().getValue();
        BigInteger dataVersion = signedData.getVersion().getValue();
        if (!signerVersion.equals(expected)) {
            throw new FormatException(
                    "CMS SignerInfo version " + shorten(signerVersion) + " does not match its signer identifier");
        }
        if (!dataVersion.equals(BigInteger.ONE) && !dataVersion.equals(BigInteger.valueOf(3))) {
            throw new FormatException("CMS SignedData version " + shorten(dataVersion) + " is not 1 or 3");
        }
    }

    private static String shorten(BigInteger value) {
        return value.bitLength() > 32 ? "(over 32 bits)" : value.toString();
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
