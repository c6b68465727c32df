package dev.signet.core.tsa;

import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.DerReader;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.KeyBackendContentSigner;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Reads and checks a time-stamp token of the shape {@link TokenEncoder} writes, straight from its
 * DER, so that the tokens Signet's own TSA issues are not decoded by BouncyCastle at every
 * verification (its decoding cost as much as the token's signature check). The shape: DER in the
 * encoding BouncyCastle's re-encoding leaves as it is; SignedData v3 with one SHA-256 digest
 * algorithm, an encapsulated TSTInfo (version 1, a SHA-256/384/512 imprint, genTime in whole seconds,
 * optionally accuracy and nonce, nothing else), 1 to {@link #MAX_CERTIFICATES} certificates, no
 * CRLs, one SignerInfo by issuer and serial number with SHA-256, ECDSA P-256/P-384 or RSA, signed
 * attributes contentType (TSTInfo), signingTime, messageDigest, signingCertificateV2 (one ESSCertIDv2
 * with the default SHA-256 and no issuerSerial) and optionally CMSAlgorithmProtection (naming the
 * SignerInfo's own algorithms), each once with one value, and no unsigned attributes.
 *
 * <p>{@link #read} answers only for a token that passes every check BouncyCastle's {@code
 * TimeStampToken.validate} makes (the signature over the signed attributes with the carried signer
 * certificate, messageDigest over the TSTInfo, the certificate hash, a version 3 signer certificate
 * whose only extended key usage is a critical timeStamping, valid at genTime and at signingTime).
 * For anything else, every failure included, it is empty and {@link TimestampVerifier} reads the
 * token with BouncyCastle, which gives the verdict and the refusal it always gave.
 */
final class TokenReader {
    static final int MAX_CERTIFICATES = 8;

    private static final byte[] SIGNED_DATA = DerReader.oid("1.2.840.113549.1.7.2");
    private static final byte[] TST_INFO = DerReader.oid("1.2.840.113549.1.9.16.1.4");
    private static final byte[] CONTENT_TYPE = DerReader.oid("1.2.840.113549.1.9.3");
    private static final byte[] MESSAGE_DIGEST = DerReader.oid("1.2.840.113549.1.9.4");
    private static final byte[] SIGNING_TIME = DerReader.oid("1.2.840.113549.1.9.5");
    private static final byte[] ALGORITHM_PROTECTION = DerReader.oid("1.2.840.113549.1.9.52");
    private static final byte[] SIGNING_CERTIFICATE_V2 = DerReader.oid("1.2.840.113549.1.9.16.2.47");
    private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final byte[] VERSION_1 = {1};
    private static final byte[] VERSION_3 = {3};
    private static final List<byte[]> SHA256 = digestAlgorithms("2.16.840.1.101.3.4.2.1");
    private static final List<List<byte[]>> IMPRINTS =
            List.of(SHA256, digestAlgorithms("2.16.840.1.101.3.4.2.2"), digestAlgorithms("2.16.840.1.101.3.4.2.3"));
    private static final List<String> IMPRINT_NAMES = List.of("SHA-256", "SHA-384", "SHA-512");
    private static final List<byte[]> ECDSA = List.of(
            Der.of(KeyBackendContentSigner.algorithmIdentifier(
                    new SignatureAlgorithm(KeyAlgorithm.ECDSA_P256, HashAlgorithm.SHA256))),
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.2.1"))));
    private static final List<byte[]> RSA = List.of(
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.11"), DERNull.INSTANCE)),
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.1"), DERNull.INSTANCE)));

    private TokenReader() {}

    /**
     * A token that passed every check.
     *
     * @param imprintAlgorithm the imprint's JCA digest name (SHA-256, SHA-384 or SHA-512)
     * @param chain the signer's certificate first, then the other carried certificates in order
     */
    record Token(Instant genTime, String imprintAlgorithm, byte[] imprint, List<X509Certificate> chain) {}

    /** The checked token, or empty for any other shape and any failed check (see the class). */
    static Optional<Token> read(byte[] der) {
        try {
            return Optional.of(check(der));
        } catch (DerReader.Malformed
                | CertificateException
                | DateTimeException
                | ArithmeticException
                | IllegalArgumentException e) {
            // BouncyCastle's reading of the same token gives the verdict, in its words
            return Optional.empty();
        }
    }

    private static Token check(byte[] der) throws DerReader.Malformed, CertificateException {
        DerReader.requireCanonical(der, 0, der.length);
        DerReader top = new DerReader(der, 0, der.length);
        DerReader contentInfo = top.constructed(0x30);
        top.end();
        contentInfo.expect(0x06, SIGNED_DATA);
        DerReader explicit = contentInfo.constructed(0xA0);
        contentInfo.end();
        DerReader signedData = explicit.constructed(0x30);
        explicit.end();
        signedData.expect(0x02, VERSION_3);
        DerReader digestAlgorithms = signedData.constructed(0x31);
        requireOneOf(digestAlgorithms.element(0x30), SHA256);
        digestAlgorithms.end();
        DerReader encapsulated = signedData.constructed(0x30);
        encapsulated.expect(0x06, TST_INFO);
        DerReader content = encapsulated.constructed(0xA0);
        encapsulated.end();
        byte[] tstInfo = content.content(0x04);
        content.end();
        List<byte[]> certificates = new ArrayList<>();
        DerReader certs = signedData.constructed(0xA0);
        while (!certs.atEnd()) {
            certificates.add(certs.element(0x30));
        }
        if (certificates.isEmpty() || certificates.size() > MAX_CERTIFICATES) {
            throw new DerReader.Malformed();
        }
        DerReader signerInfos = signedData.constructed(0x31);
        signedData.end();
        DerReader signerInfo = signerInfos.constructed(0x30);
        signerInfos.end();
        signerInfo.expect(0x02, VERSION_1);
        DerReader sid = signerInfo.constructed(0x30);
        byte[] issuer = sid.element(0x30);
        BigInteger serial = new BigInteger(sid.content(0x02));
        sid.end();
        byte[] digestAlgorithm = signerInfo.element(0x30);
        byte[] attributes = signerInfo.element(0xA0);
        byte[] signatureAlgorithm = signerInfo.element(0x30);
        byte[] signature = signerInfo.content(0x04);
        signerInfo.end();
        requireOneOf(digestAlgorithm, SHA256);

        Attributes signed = Attributes.read(attributes, digestAlgorithm, signatureAlgorithm);
        TstInfo info = TstInfo.read(tstInfo);
        MessageDigest sha256 = CryptoProviders.messageDigest(HashAlgorithm.SHA256);
        if (!MessageDigest.isEqual(sha256.digest(tstInfo), signed.messageDigest())) {
            throw new DerReader.Malformed();
        }
        List<X509Certificate> chain = new ArrayList<>();
        int signer = -1;
        for (int i = 0; i < certificates.size(); i++) {
            X509Certificate certificate = CertificateCache.parse(certificates.get(i));
            chain.add(certificate);
            if (certificate.getSerialNumber().equals(serial)) {
                if (signer >= 0
                        || !Arrays.equals(certificate.getIssuerX500Principal().getEncoded(), issuer)) {
                    throw new DerReader.Malformed(); // BouncyCastle could match another certificate by name
                }
                signer = i;
            }
        }
        if (signer < 0 || !MessageDigest.isEqual(sha256.digest(certificates.get(signer)), signed.certificateHash())) {
            throw new DerReader.Malformed();
        }
        X509Certificate tsa = chain.remove(signer);
        chain.add(0, tsa);
        requireTimeStampingCertificate(tsa, info.genTime(), signed.signingTime());
        KeyAlgorithm key = KeyAlgorithm.of(tsa.getPublicKey()).orElseThrow(DerReader.Malformed::new);
        requireOneOf(
                signatureAlgorithm, key == KeyAlgorithm.ECDSA_P256 || key == KeyAlgorithm.ECDSA_P384 ? ECDSA : RSA);
        byte[] toBeSigned = attributes.clone();
        toBeSigned[0] = 0x31;
        if (!SignatureCheck.of(tsa, new SignatureAlgorithm(key, HashAlgorithm.SHA256))
                .verifies(toBeSigned, signature)) {
            throw new DerReader.Malformed();
        }
        return new Token(info.genTime(), info.imprintAlgorithm(), info.imprint(), List.copyOf(chain));
    }

    /** As BouncyCastle's TSPUtil and TimeStampToken.validate require of the signer's certificate. */
    private static void requireTimeStampingCertificate(X509Certificate tsa, Instant genTime, Instant signingTime)
            throws DerReader.Malformed, CertificateParsingException {
        if (tsa.getVersion() != 3
                || tsa.getCriticalExtensionOIDs() == null
                || !tsa.getCriticalExtensionOIDs().contains(EXTENDED_KEY_USAGE)
                || !List.of(TIME_STAMPING).equals(tsa.getExtendedKeyUsage())) {
            throw new DerReader.Malformed();
        }
        try {
            tsa.checkValidity(Date.from(genTime));
            tsa.checkValidity(Date.from(signingTime));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new DerReader.Malformed();
        }
    }

    /** The signed attributes: the five of the class comment, each once with one value. */
    private record Attributes(byte[] messageDigest, Instant signingTime, byte[] certificateHash) {
        static Attributes read(byte[] encoded, byte[] digestAlgorithm, byte[] signatureAlgorithm)
                throws DerReader.Malformed {
            DerReader set = new DerReader(encoded, 0, encoded.length).constructed(0xA0);
            DerReader.requireSorted(encoded, encoded.length - DerReader.contentLength(encoded), encoded.length);
            byte[] digest = null;
            Instant time = null;
            byte[] certificateHash = null;
            boolean contentType = false;
            boolean protection = false;
            while (!set.atEnd()) {
                DerReader attribute = set.constructed(0x30);
                byte[] type = attribute.content(0x06);
                DerReader values = attribute.constructed(0x31);
                attribute.end();
                if (Arrays.equals(type, CONTENT_TYPE) && !contentType) {
                    values.expect(0x06, TST_INFO);
                    contentType = true;
                } else if (Arrays.equals(type, MESSAGE_DIGEST) && digest == null) {
                    digest = values.content(0x04);
                } else if (Arrays.equals(type, SIGNING_TIME) && time == null) {
                    time = values.time();
                } else if (Arrays.equals(type, SIGNING_CERTIFICATE_V2) && certificateHash == null) {
                    DerReader signingCertificate = values.constructed(0x30);
                    DerReader ids = signingCertificate.constructed(0x30);
                    signingCertificate.end();
                    DerReader id = ids.constructed(0x30);
                    ids.end();
                    certificateHash = id.content(0x04);
                    id.end();
                } else if (Arrays.equals(type, ALGORITHM_PROTECTION) && !protection) {
                    DerReader value = values.constructed(0x30);
                    if (!Arrays.equals(value.element(0x30), digestAlgorithm)) {
                        throw new DerReader.Malformed();
                    }
                    byte[] named = value.element(0xA1);
                    value.end();
                    byte[] expected = signatureAlgorithm.clone();
                    expected[0] = (byte) 0xA1;
                    if (!Arrays.equals(named, expected)) {
                        throw new DerReader.Malformed();
                    }
                    protection = true;
                } else {
                    throw new DerReader.Malformed(); // another attribute, or one of these twice
                }
                values.end();
            }
            if (!contentType || digest == null || time == null || certificateHash == null) {
                throw new DerReader.Malformed();
            }
            return new Attributes(digest, time, certificateHash);
        }
    }

    /** The TSTInfo's fields verification uses; its shape as the class comment says. */
    private record TstInfo(Instant genTime, String imprintAlgorithm, byte[] imprint) {
        static TstInfo read(byte[] der) throws DerReader.Malformed {
            DerReader top = new DerReader(der, 0, der.length);
            DerReader info = top.constructed(0x30);
            top.end();
            info.expect(0x02, VERSION_1);
            info.content(0x06); // the policy: any
            DerReader imprint = info.constructed(0x30);
            byte[] algorithm = imprint.element(0x30);
            byte[] digest = imprint.content(0x04);
            imprint.end();
            info.content(0x02); // the serial number
            Instant genTime = info.time();
            if (info.peek() == 0x30) {
                info.element(0x30); // accuracy
            }
            if (info.peek() == 0x02) {
                info.content(0x02); // nonce
            }
            info.end();
            for (int i = 0; i < IMPRINTS.size(); i++) {
                if (DerReader.oneOf(algorithm, IMPRINTS.get(i))) {
                    return new TstInfo(genTime, IMPRINT_NAMES.get(i), digest);
                }
            }
            throw new DerReader.Malformed();
        }
    }

    private static void requireOneOf(byte[] value, List<byte[]> accepted) throws DerReader.Malformed {
        if (!DerReader.oneOf(value, accepted)) {
            throw new DerReader.Malformed();
        }
    }

    private static List<byte[]> digestAlgorithms(String dotted) {
        ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(dotted);
        return List.of(Der.of(new AlgorithmIdentifier(oid, DERNull.INSTANCE)), Der.of(new AlgorithmIdentifier(oid)));
    }
}
