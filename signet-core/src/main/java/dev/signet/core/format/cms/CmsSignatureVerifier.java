package dev.signet.core.format.cms;

import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.format.Subject;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampEvidence;
import dev.signet.core.tsa.TimestampException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Checks a parsed detached CMS signature over a subject: finds the signer's certificate, compares
 * the messageDigest attribute with the subject's digest, checks contentType and
 * CMSAlgorithmProtection, and verifies the signature over the DER signed attributes. Cryptographic
 * mismatches are reported as evidence that is not intact; structural damage as {@link
 * FormatException}.
 */
final class CmsSignatureVerifier {
    private static final Map<ASN1ObjectIdentifier, HashAlgorithm> DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256, HashAlgorithm.SHA256,
            NISTObjectIdentifiers.id_sha384, HashAlgorithm.SHA384);
    private static final Map<ASN1ObjectIdentifier, String> SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    private CmsSignatureVerifier() {}

    /** The evidence, naming the SignerInfo's signature octets as the signature value. */
    static SignatureEvidence verify(String formatId, Subject subject, ParsedCms cms) throws FormatException {
        return check(formatId, subject, cms)
                .withCanonicalSignatureValue(
                        cms.signer().getEncryptedDigest().getOctets(), SignatureValues.EcdsaEncoding.DER);
    }

    private static SignatureEvidence check(String formatId, Subject subject, ParsedCms cms) throws FormatException {
        SignerInfo signer = cms.signer();
        Optional<X509Certificate> leaf = Asn1Decoding.decode(
                () -> findSigner(signer.getSID(), cms.certificates()),
                malformed -> new FormatException(
                        "malformed CMS signer identifier: " + malformed.reason(), malformed.cause()));
        List<X509Certificate> chain =
                leaf.map(l -> orderChain(l, cms.certificates())).orElse(List.of());
        if (cms.signedAttributes().isEmpty()) {
            return broken(formatId, "the signature has no signed attributes", chain, Optional.empty());
        }
        List<Attribute> attrs = cms.signedAttributes().get();
        ASN1Set signedAttrs = signer.getAuthenticatedAttributes();
        Optional<Instant> signingTime = signingTime(attrs);
        if (leaf.isEmpty()) {
            return broken(formatId, "the signer's certificate is not in the signature", chain, signingTime);
        }
        HashAlgorithm hash = DIGESTS.get(signer.getDigestAlgorithm().getAlgorithm());
        if (hash == null) {
            return broken(
                    formatId,
                    "unsupported digest algorithm "
                            + signer.getDigestAlgorithm().getAlgorithm(),
                    chain,
                    signingTime);
        }
        String signatureName = signatureName(signer.getDigestEncryptionAlgorithm(), hash);
        if (signatureName == null) {
            return broken(
                    formatId,
                    "unsupported signature algorithm "
                            + signer.getDigestEncryptionAlgorithm().getAlgorithm(),
                    chain,
                    signingTime);
        }
        String problem = checkAttributes(attrs, signer, contentDigest(subject, hash));
        if (problem == null) {
            problem = checkSignature(signatureName, leaf.get(), signedAttrs, signer.getEncryptedDigest());
        }
        if (problem != null) {
            return broken(formatId, problem, chain, signingTime);
        }
        SignatureEvidence evidence = new SignatureEvidence(formatId, true, "", chain, signingTime);
        try {
            byte[] signatureValue = signer.getEncryptedDigest().getOctets();
            Optional<TimestampEvidence> timestamp =
                    cms.encodedUnsignedAttributes().isPresent()
                            ? TimestampAttributes.verifyEncoded(
                                    cms.encodedUnsignedAttributes().get(), signatureValue)
                            : TimestampAttributes.verify(signer.getUnauthenticatedAttributes(), signatureValue);
            return timestamp.map(evidence::withTimestamp).orElse(evidence);
        } catch (TimestampException e) {
            return broken(formatId, e.getMessage(), chain, signingTime);
        }
    }

    private static SignatureEvidence broken(
            String formatId, String why, List<X509Certificate> chain, Optional<Instant> signingTime) {
        return new SignatureEvidence(formatId, false, why, chain, signingTime);
    }

    private static byte[] contentDigest(Subject subject, HashAlgorithm hash) throws FormatException {
        if (subject instanceof Subject.Digest d) {
            if (d.algorithm() != hash) {
                throw new FormatException("the signature covers a " + hash.jcaName() + " digest but a "
                        + d.algorithm().jcaName() + " digest was given");
            }
            return d.value();
        }
        if (!(subject instanceof Subject.File file)) {
            throw new FormatException("the CMS format covers files and digests, not a structured payload");
        }
        try {
            return Digests.digest(hash, file.path());
        } catch (IOException e) {
            throw new FormatException("cannot read " + file.path() + ": " + ParsedCms.oneLine(e), e);
        }
    }

    private static String checkAttributes(List<Attribute> attrs, SignerInfo signer, byte[] expectedDigest)
            throws FormatException {
        ASN1Encodable contentType = single(attrs, CMSAttributes.contentType);
        if (!CMSObjectIdentifiers.data.equals(contentType)) {
            return "the contentType attribute is missing, repeated or not id-data";
        }
        ASN1Encodable digest = single(attrs, CMSAttributes.messageDigest);
        if (!(digest instanceof ASN1OctetString octets)) {
            return "the messageDigest attribute is missing, repeated or malformed";
        }
        if (!MessageDigest.isEqual(octets.getOctets(), expectedDigest)) {
            return "the content does not match the signature (digest mismatch)";
        }
        if (count(attrs, CMSAttributes.cmsAlgorithmProtect) > 0) {
            ASN1Encodable protection = single(attrs, CMSAttributes.cmsAlgorithmProtect);
            Optional<CMSAlgorithmProtection> p = Asn1Decoding.decode(
                    () -> Optional.ofNullable(CMSAlgorithmProtection.getInstance(protection)),
                    malformed -> new FormatException(
                            "the CMSAlgorithmProtection attribute is malformed: " + malformed.reason(),
                            malformed.cause()));
            if (p.isEmpty()
                    || !p.get().getDigestAlgorithm().equals(signer.getDigestAlgorithm())
                    || p.get().getSignatureAlgorithm() == null
                    || !p.get().getSignatureAlgorithm().equals(signer.getDigestEncryptionAlgorithm())) {
                return "the CMSAlgorithmProtection attribute does not match the algorithms used";
            }
        }
        return null;
    }

    private static String checkSignature(
            String algorithm, X509Certificate leaf, ASN1Set signedAttrs, ASN1OctetString signature) {
        try {
            Signature verifier = CryptoProviders.signature(algorithm);
            CryptoProviders.initVerify(verifier, SignatureCheck.verificationKey(leaf, algorithm));
            verifier.update(signedAttrs.getEncoded(ASN1Encoding.DER));
            return verifier.verify(signature.getOctets())
                    ? null
                    : "the signature does not verify with the signer's certificate";
        } catch (InvalidKeyException | SignatureException e) {
            // a certificate key that does not fit the algorithm, a signature value that does not decode
            return "the signature does not verify with the signer's certificate ("
                    + e.getClass().getSimpleName() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no provider for " + algorithm, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot re-encode parsed signed attributes", e);
        }
    }

    private static String signatureName(AlgorithmIdentifier algorithm, HashAlgorithm hash) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return hash.awsName() + "withRSA";
        }
        return SIGNATURES.get(oid);
    }

    private static Optional<Instant> signingTime(List<Attribute> attrs) throws FormatException {
        if (count(attrs, CMSAttributes.signingTime) == 0) {
            return Optional.empty();
        }
        ASN1Encodable value = single(attrs, CMSAttributes.signingTime);
        if (value == null) {
            throw new FormatException("the signingTime attribute is malformed or repeated");
        }
        Optional<Instant> plain = CmsTimes.plain(value);
        if (plain.isPresent()) {
            return plain;
        }
        return Optional.of(Asn1Decoding.decode(
                () -> Time.getInstance(value).getDate().toInstant(),
                malformed -> new FormatException("the signingTime attribute is malformed or repeated")));
    }

    private static int count(List<Attribute> attrs, ASN1ObjectIdentifier type) {
        int n = 0;
        for (Attribute a : attrs) {
            if (a.getAttrType().equals(type)) {
                n++;
            }
        }
        return n;
    }

    /** The attribute's single value, or null when it is absent, repeated or multi-valued. */
    private static ASN1Encodable single(List<Attribute> attrs, ASN1ObjectIdentifier type) {
        ASN1Encodable found = null;
        for (Attribute attribute : attrs) {
            if (attribute.getAttrType().equals(type)) {
                if (found != null || attribute.getAttrValues().size() != 1) {
                    return null;
                }
                found = attribute.getAttrValues().getObjectAt(0);
            }
        }
        return found;
    }

    private static Optional<X509Certificate> findSigner(SignerIdentifier sid, List<X509Certificate> certs) {
        ASN1Encodable id = sid.getId();
        if (id instanceof org.bouncycastle.asn1.ASN1TaggedObject tagged) {
            byte[] ski = ASN1OctetString.getInstance(tagged, false).getOctets();
            return certs.stream()
                    .filter(c -> java.util.Arrays.equals(ski, subjectKeyId(c)))
                    .findFirst();
        }
        IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(id);
        BigInteger serial = ias.getSerialNumber().getValue();
        X500Name issuer = ias.getName();
        return certs.stream()
                .filter(c -> c.getSerialNumber().equals(serial)
                        && X500Name.getInstance(c.getIssuerX500Principal().getEncoded())
                                .equals(issuer))
                .findFirst();
    }

    private static byte[] subjectKeyId(X509Certificate c) {
        byte[] ext = c.getExtensionValue("2.5.29.14");
        if (ext == null) {
            return null;
        }
        return ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets())
                .getOctets();
    }

    /** Signer first, then each issuer found among the carried certificates, then any others. */
    static List<X509Certificate> orderChain(X509Certificate leaf, List<X509Certificate> carried) {
        List<X509Certificate> remaining = new ArrayList<>(carried);
        remaining.remove(leaf);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!remaining.isEmpty() && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate child = current;
            Optional<X509Certificate> issuer = remaining.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                    .findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            chain.add(issuer.get());
            remaining.remove(issuer.get());
            current = issuer.get();
        }
        chain.addAll(remaining);
        return List.copyOf(chain);
    }
}
