package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.CmsSignerVerifiers;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampEvidence;
import dev.signet.core.tsa.TimestampException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jsign.DigestAlgorithm;
import net.jsign.Signable;
import net.jsign.asn1.authenticode.AuthenticodeObjectIdentifiers;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Verifies an embedded Authenticode signature: exactly one PKCS#7 SignedData of content type
 * SpcIndirectDataContent, whose DigestInfo equals the Authenticode digest of the file recomputed by
 * jsign ({@link Signable#computeDigest}), whose one SignerInfo is validly signed (messageDigest over
 * the SpcIndirectDataContent, signature over the signed attributes) by a carried certificate, and
 * whose time-stamp token, if any, is valid over the signature value. A signed PE of the plain shape
 * Signet and jsign write is checked first by {@link SignedPe} (the same checks on the file read
 * once); only what that does not accept, every refusal included, goes through jsign.
 */
final class AuthenticodeVerification {
    private AuthenticodeVerification() {}

    static SignatureEvidence verify(Path file) throws FormatException {
        Optional<SignatureEvidence> direct = SignedPe.verify(file);
        return direct.isPresent() ? direct.get() : withJsign(file);
    }

    /** The verification of any signed file through jsign's reading of it. */
    static SignatureEvidence withJsign(Path file) throws FormatException {
        Read read = AuthenticodeFiles.read("malformed Authenticode signature", () -> {
            try (Signable signable = AuthenticodeFiles.open(file)) {
                List<CMSSignedData> signatures = signable.getSignatures();
                if (signatures.isEmpty()) {
                    throw new FormatException("the file carries no Authenticode signature");
                }
                if (signatures.size() > 1) {
                    throw new FormatException("the file carries " + signatures.size() + " Authenticode signatures");
                }
                DigestInfo claimed = indirectDigest(signatures.get(0));
                DigestAlgorithm algorithm =
                        DigestAlgorithm.of(claimed.getAlgorithmId().getAlgorithm());
                if (algorithm == null || algorithm == DigestAlgorithm.MD5 || algorithm == DigestAlgorithm.SHA1) {
                    throw new FormatException("unsupported Authenticode digest "
                            + claimed.getAlgorithmId().getAlgorithm());
                }
                return new Read(signatures.get(0), claimed, signable.computeDigest(algorithm));
            }
        });
        return check(read.signature(), read.claimed(), read.actual());
    }

    /** What jsign read from the file: its one signature, the digest it claims, the digest it has. */
    private record Read(CMSSignedData signature, DigestInfo claimed, byte[] actual) {}

    private static SignatureEvidence check(CMSSignedData signed, DigestInfo claimed, byte[] actual)
            throws FormatException {
        Signer signer = Asn1Decoding.decode(() -> signer(signed), AuthenticodeVerification::malformed);
        if (signer.problem().isPresent()) {
            return new SignatureEvidence(
                    AuthenticodeFormat.ID, false, signer.problem().get(), List.of(), Optional.empty());
        }
        return check(signer.info(), signer.chain(), claimed, actual)
                .withCanonicalSignatureValue(signer.info().getSignature(), SignatureValues.EcdsaEncoding.DER);
    }

    /** The one signer, over the SpcIndirectDataContent, with its chain; or why its CMS does not verify. */
    private record Signer(SignerInformation info, List<X509Certificate> chain, Optional<String> problem) {}

    private static Signer signer(CMSSignedData signed) throws IOException, FormatException {
        ContentInfo content = signed.toASN1Structure();
        SignedData data = SignedData.getInstance(content.getContent());
        byte[] indirect =
                data.getEncapContentInfo().getContent().toASN1Primitive().getEncoded(ASN1Encoding.DER);
        CMSSignedData withContent;
        try {
            withContent = new CMSSignedData(new CMSProcessableByteArray(stripHeader(indirect)), content);
        } catch (CMSException e) {
            return new Signer(
                    null,
                    List.of(),
                    Optional.of("the Authenticode signature does not verify: " + AuthenticodeFiles.oneLine(e)));
        }
        if (withContent.getSignerInfos().size() != 1) {
            throw new FormatException("an Authenticode signature must have exactly one signer");
        }
        SignerInformation signer = withContent.getSignerInfos().iterator().next();
        return new Signer(signer, chain(withContent, signer), Optional.empty());
    }

    private static FormatException malformed(Asn1Decoding.Malformed malformed) {
        return new FormatException("malformed Authenticode signature: " + malformed.reason(), malformed.cause());
    }

    /** The evidence of one signer; the caller names its signature value. */
    private static SignatureEvidence check(
            SignerInformation signer, List<X509Certificate> chain, DigestInfo claimed, byte[] actual)
            throws FormatException {
        Optional<Instant> noClaim = Optional.empty();
        if (!MessageDigest.isEqual(claimed.getDigest(), actual)) {
            return new SignatureEvidence(
                    AuthenticodeFormat.ID,
                    false,
                    "the file does not match its signature (digest mismatch)",
                    chain,
                    noClaim);
        }
        Optional<String> invalid =
                Asn1Decoding.decode(() -> signatureProblem(signer, chain), AuthenticodeVerification::malformed);
        if (invalid.isPresent()) {
            return new SignatureEvidence(AuthenticodeFormat.ID, false, invalid.get(), chain, noClaim);
        }
        SignatureEvidence evidence = new SignatureEvidence(AuthenticodeFormat.ID, true, "", chain, noClaim);
        try {
            Optional<TimestampEvidence> ts = TimestampAttributes.verify(
                    signer.toASN1Structure().getUnauthenticatedAttributes(), signer.getSignature());
            return ts.map(evidence::withTimestamp).orElse(evidence);
        } catch (TimestampException e) {
            return new SignatureEvidence(AuthenticodeFormat.ID, false, e.getMessage(), chain, noClaim);
        }
    }

    /** Why the signer's CMS signature (messageDigest, signature value) does not verify, if it does not. */
    private static Optional<String> signatureProblem(SignerInformation signer, List<X509Certificate> chain)
            throws FormatException {
        try {
            return signer.verify(CmsSignerVerifiers.forSigner(signer, chain.get(0)))
                    ? Optional.empty()
                    : Optional.of("the Authenticode signature value is invalid");
        } catch (CMSException e) {
            return Optional.of("the Authenticode signature does not verify: " + AuthenticodeFiles.oneLine(e));
        } catch (OperatorCreationException e) {
            throw new FormatException("malformed Authenticode signature: " + AuthenticodeFiles.oneLine(e), e);
        }
    }

    private static DigestInfo indirectDigest(CMSSignedData signed) throws FormatException {
        ContentInfo encap =
                SignedData.getInstance(signed.toASN1Structure().getContent()).getEncapContentInfo();
        if (!AuthenticodeObjectIdentifiers.SPC_INDIRECT_DATA_OBJID.equals(encap.getContentType())
                || encap.getContent() == null) {
            throw new FormatException("the Authenticode signature does not hold SpcIndirectDataContent");
        }
        ASN1Sequence indirect = ASN1Sequence.getInstance(encap.getContent());
        if (indirect.size() != 2) {
            throw new FormatException("malformed SpcIndirectDataContent");
        }
        return DigestInfo.getInstance(indirect.getObjectAt(1));
    }

    /** Authenticode signs the content octets of SpcIndirectDataContent, without its tag and length. */
    private static byte[] stripHeader(byte[] der) throws FormatException {
        if (der.length < 2) {
            throw new FormatException("malformed SpcIndirectDataContent");
        }
        int first = der[1] & 0xff;
        int header = first < 0x80 ? 2 : 2 + (first & 0x7f);
        if (header > der.length) {
            throw new FormatException("malformed SpcIndirectDataContent");
        }
        return java.util.Arrays.copyOfRange(der, header, der.length);
    }

    private static List<X509Certificate> chain(CMSSignedData data, SignerInformation signer)
            throws FormatException, IOException {
        List<X509Certificate> chain = new ArrayList<>();
        List<X509CertificateHolder> others = new ArrayList<>();
        try {
            for (X509CertificateHolder h : data.getCertificates().getMatches(null)) {
                if (chain.isEmpty() && signer.getSID().match(h)) {
                    chain.add(CertificateCache.parse(h.getEncoded()));
                } else {
                    others.add(h);
                }
            }
            if (chain.isEmpty()) {
                throw new FormatException("the Authenticode signature does not carry its signer's certificate");
            }
            for (X509CertificateHolder h : others) {
                chain.add(CertificateCache.parse(h.getEncoded()));
            }
        } catch (CertificateException e) {
            throw new FormatException("malformed Authenticode signature: " + AuthenticodeFiles.oneLine(e), e);
        }
        return List.copyOf(chain);
    }
}
