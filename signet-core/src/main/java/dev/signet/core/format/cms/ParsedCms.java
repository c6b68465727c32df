package dev.signet.core.format.cms;

import dev.signet.core.ca.Pem;
import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;

/**
 * The parts of a detached CMS SignedData that verification needs, parsed strictly: one ContentInfo
 * of type signedData with nothing after it, detached id-data content, exactly one SignerInfo, at
 * most {@link #MAX_CERTIFICATES} X.509 certificates.
 */
record ParsedCms(SignerInfo signer, List<X509Certificate> certificates) {
    static final int MAX_CERTIFICATES = 16;

    static ParsedCms parse(byte[] der) throws FormatException {
        try {
            return parseUnchecked(der);
        } catch (FormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new FormatException("not a CMS signature: " + oneLine(e), e);
        } catch (StackOverflowError e) {
            throw new FormatException("not a CMS signature: ASN.1 nested too deeply");
        }
    }

    private static ParsedCms parseUnchecked(byte[] der) throws IOException, FormatException {
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
                    certificates.add(Pem.certificate(c.toASN1Primitive().getEncoded()));
                } catch (CertificateException e) {
                    throw new FormatException("CMS signature carries a malformed certificate", e);
                }
            }
        }
        return new ParsedCms(signer, List.copyOf(certificates));
    }

    /** RFC 5652 5.1/5.3: version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier. */
    private static void checkVersions(SignedData signedData, SignerInfo signer) throws FormatException {
        int expected = signer.getSID().isTagged() ? 3 : 1;
        int signerVersion = signer.getVersion().intValueExact();
        int dataVersion = signedData.getVersion().intValueExact();
        if (signerVersion != expected) {
            throw new FormatException(
                    "CMS SignerInfo version " + signerVersion + " does not match its signer identifier");
        }
        if (dataVersion != 1 && dataVersion != 3) {
            throw new FormatException("CMS SignedData version " + dataVersion + " is not 1 or 3");
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
