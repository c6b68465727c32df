package dev.signet.core.tsa;

import dev.signet.core.crypto.Asn1Decoding;
import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.CertificateSignatures;
import dev.signet.core.crypto.CmsSignerVerifiers;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.LazyAsn1;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;

/**
 * Checks an RFC 3161 time-stamp token over the bytes it countersigns: the token parses, its signer
 * certificate is carried, the CMS signature and ESSCertID(v2) are valid, the signer has the critical
 * timeStamping EKU, and the message imprint (SHA-256, -384 or -512) is the digest of {@code
 * countersigned}. Does not judge whether the TSA chain is trusted: that is the verification
 * engine's. Refuses tokens over {@link #MAX_TOKEN_SIZE} bytes. Tokens of the shape Signet's TSA
 * issues are read by {@link TokenReader}; any other token, and any that reader does not accept, is
 * read by BouncyCastle.
 */
public final class TimestampVerifier {
    public static final int MAX_TOKEN_SIZE = 64 * 1024;
    private static final int MAX_CERTIFICATES = TokenReader.MAX_CERTIFICATES;
    private static final Map<ASN1ObjectIdentifier, String> DIGESTS = Map.of(
            TSPAlgorithms.SHA256, "SHA-256",
            TSPAlgorithms.SHA384, "SHA-384",
            TSPAlgorithms.SHA512, "SHA-512");

    private TimestampVerifier() {}

    /**
     * @throws TimestampException when the token does not parse, is not validly signed by a carried
     *     time-stamping certificate, or does not cover {@code countersigned}
     */
    public static TimestampEvidence verify(byte[] token, byte[] countersigned) throws TimestampException {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(countersigned, "countersigned");
        if (token.length > MAX_TOKEN_SIZE) {
            throw new TimestampException("the time-stamp token is larger than " + MAX_TOKEN_SIZE + " bytes");
        }
        Optional<TokenReader.Token> plain = TokenReader.read(token);
        if (plain.isPresent()) {
            TokenReader.Token read = plain.get();
            try {
                checkImprint(read.imprintAlgorithm(), read.imprint(), countersigned);
                requireSignedByCarried(read.chain());
                return new TimestampEvidence(read.genTime(), read.chain());
            } catch (TimestampException refused) {
                // the refusal in the words BouncyCastle's reading of the token gives
            }
        }
        return verifyDecoded(token, countersigned);
    }

    /** {@link #verify} with BouncyCastle decoding the token, whatever its shape. */
    static TimestampEvidence verifyDecoded(byte[] token, byte[] countersigned) throws TimestampException {
        Parsed parsed = Asn1Decoding.decode(() -> parse(token), TimestampVerifier::malformed);
        Asn1Decoding.decode(
                () -> {
                    validate(parsed);
                    return null;
                },
                TimestampVerifier::malformed);
        checkImprint(parsed, countersigned);
        List<X509Certificate> chain = new ArrayList<>();
        try {
            byte[] signer = parsed.encoded(parsed.signer());
            chain.add(CertificateCache.parse(signer));
            for (X509CertificateHolder h : parsed.certificates()) {
                if (!h.equals(parsed.signer())) {
                    chain.add(CertificateCache.parse(parsed.encoded(h)));
                }
            }
        } catch (CertificateException | IOException e) {
            throw new TimestampException("the time-stamp token is malformed: " + oneLine(e), e);
        }
        requireSignedByCarried(chain);
        return new TimestampEvidence(parsed.genTime(), chain);
    }

    /** What verification needs from a token, decoded (BouncyCastle decodes much of it lazily). */
    private record Parsed(
            TimeStampToken token,
            Collection<X509CertificateHolder> certificates,
            X509CertificateHolder signer,
            java.time.Instant genTime,
            ASN1ObjectIdentifier imprintAlgorithm,
            byte[] imprint,
            Map<ASN1Primitive, byte[]> carriedEncodings) {
        /** {@code holder.getEncoded()}, without encoding it again when the token's bytes already hold it. */
        byte[] encoded(X509CertificateHolder holder) throws IOException {
            byte[] carried = carriedEncodings.get(holder.toASN1Structure().toASN1Primitive());
            return carried != null ? carried : holder.getEncoded();
        }
    }

    private static Parsed parse(byte[] der) throws TimestampException {
        TimeStampToken token;
        try {
            token = new TimeStampToken(signedData(der));
        } catch (CMSException | TSPException | IOException e) {
            throw new TimestampException("the time-stamp token is malformed: " + oneLine(e), e);
        } catch (NullPointerException e) {
            // BouncyCastle's TimeStampToken dereferences the ESS signing-certificate(-v2) attribute it
            // decoded without checking that it decoded (found by fuzzing: a value under another tag)
            throw new TimestampException("the time-stamp token's signing-certificate attribute is malformed", e);
        }
        Map<ASN1Primitive, byte[]> encodings = carriedEncodings(token);
        Collection<X509CertificateHolder> holders = token.getCertificates().getMatches(null);
        if (holders.size() > MAX_CERTIFICATES) {
            throw new TimestampException("the time-stamp token carries too many certificates");
        }
        X509CertificateHolder signer = holders.stream()
                .filter(h -> token.getSID().match(h))
                .findFirst()
                .orElseThrow(() -> new TimestampException("the time-stamp token does not carry its signer"));
        TimeStampTokenInfo info = token.getTimeStampInfo();
        return new Parsed(
                token,
                holders,
                signer,
                info.getGenTime().toInstant(),
                info.getMessageImprintAlgOID(),
                info.getMessageImprintDigest(),
                encodings);
    }

    /**
     * The encodings of the certificates the token carries, by identity of their ASN.1 sequence (the
     * one each certificate holder wraps), taken before BouncyCastle decodes them: a certificate
     * {@link LazyAsn1} already knew is still its carried bytes then, the same bytes {@code
     * getEncoded()} produces by encoding it again. Empty when they cannot be taken so; callers then
     * encode.
     */
    private static Map<ASN1Primitive, byte[]> carriedEncodings(TimeStampToken token) {
        Map<ASN1Primitive, byte[]> encodings = new IdentityHashMap<>();
        try {
            ASN1Set certificates = SignedData.getInstance(
                            token.toCMSSignedData().toASN1Structure().getContent())
                    .getCertificates();
            if (certificates == null || certificates.size() > MAX_CERTIFICATES) {
                return encodings;
            }
            for (ASN1Encodable certificate : certificates) {
                ASN1Primitive primitive = certificate.toASN1Primitive();
                if (primitive instanceof ASN1Sequence) {
                    encodings.put(primitive, primitive.getEncoded());
                }
            }
            return encodings;
        } catch (IOException | RuntimeException e) {
            // the holders encode themselves, and report what is wrong, as before
            return new IdentityHashMap<>();
        }
    }

    /**
     * {@code new CMSSignedData(der)}, from the tree {@link LazyAsn1} reads faster when it vouches
     * for it; otherwise (and for anything BouncyCastle refuses in it) read the usual way, which
     * gives the usual refusal.
     */
    private static CMSSignedData signedData(byte[] der) throws CMSException {
        Optional<ASN1Primitive> read = LazyAsn1.read(der);
        if (read.isPresent()) {
            try {
                return new CMSSignedData(ContentInfo.getInstance(read.get()));
            } catch (CMSException | RuntimeException e) {
                // the same input read the usual way reports it
            }
        }
        return new CMSSignedData(der);
    }

    /** The token's CMS signature and ESSCertID(v2), with the carried signer certificate. */
    private static void validate(Parsed parsed) throws TimestampException, IOException {
        try {
            parsed.token().validate(verifierFor(parsed.token(), parsed.encoded(parsed.signer())));
        } catch (TSPException e) {
            throw new TimestampException("the time-stamp token is invalid: " + oneLine(e), e);
        } catch (OperatorCreationException | CertificateException e) {
            throw new TimestampException("the time-stamp token is malformed: " + oneLine(e), e);
        }
    }

    private static TimestampException malformed(Asn1Decoding.Malformed malformed) {
        return new TimestampException("the time-stamp token is malformed: " + malformed.reason(), malformed.cause());
    }

    /**
     * Every carried certificate must be signed by a carried one (itself, for a root): a damaged
     * certificate in the token is tampering even when a path could be built without it.
     */
    private static void requireSignedByCarried(List<X509Certificate> chain) throws TimestampException {
        for (X509Certificate cert : chain) {
            boolean signed = false;
            for (X509Certificate issuer : chain) {
                if (!signed && issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                    try {
                        CertificateSignatures.verify(cert, issuer.getPublicKey());
                        signed = true;
                    } catch (java.security.GeneralSecurityException e) {
                        // try the next candidate issuer
                    }
                }
            }
            boolean issuerCarried =
                    chain.stream().anyMatch(c -> c.getSubjectX500Principal().equals(cert.getIssuerX500Principal()));
            if (!signed && issuerCarried) {
                throw new TimestampException("the time-stamp token carries a damaged certificate: "
                        + cert.getSubjectX500Principal().getName());
            }
        }
    }

    /**
     * A verifier on the provider {@link CryptoProviders} chooses for the token's signature algorithm
     * (ACCP when it implements it), not the JDK default: SunEC's pure-Java ECDSA made this check the
     * largest cost of every time-stamped signature Signet makes. The certificate is JDK-parsed: ACCP
     * has no CertificateFactory to convert the holder.
     */
    private static SignerInformationVerifier verifierFor(TimeStampToken token, byte[] signer)
            throws OperatorCreationException, CertificateException {
        SignerInformation info =
                token.toCMSSignedData().getSignerInfos().getSigners().iterator().next();
        return CmsSignerVerifiers.forSigner(info, CertificateCache.parse(signer));
    }

    /** The imprint's hash algorithm, if it is one this verifier accepts. */
    static Optional<String> digestName(ASN1ObjectIdentifier oid) {
        return Optional.ofNullable(DIGESTS.get(oid));
    }

    private static void checkImprint(Parsed parsed, byte[] countersigned) throws TimestampException {
        ASN1ObjectIdentifier oid = parsed.imprintAlgorithm();
        String name =
                digestName(oid).orElseThrow(() -> new TimestampException("the time-stamp token's imprint uses " + oid));
        checkImprint(name, parsed.imprint(), countersigned);
    }

    private static void checkImprint(String name, byte[] imprint, byte[] countersigned) throws TimestampException {
        byte[] expected = digest(name, countersigned);
        if (!MessageDigest.isEqual(expected, imprint)) {
            throw new TimestampException("the time-stamp token covers other data than this signature");
        }
    }

    private static byte[] digest(String name, byte[] data) {
        HashAlgorithm hash = switch (name) {
            case "SHA-256" -> HashAlgorithm.SHA256;
            case "SHA-384" -> HashAlgorithm.SHA384;
            default -> null;
        };
        try {
            MessageDigest md = hash != null ? CryptoProviders.messageDigest(hash) : MessageDigest.getInstance(name);
            return md.digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " is unavailable", e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.replaceAll("[\\r\\n]+", " ");
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
