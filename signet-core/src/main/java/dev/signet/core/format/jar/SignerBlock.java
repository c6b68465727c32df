package dev.signet.core.format.jar;

import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.DerReader;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A JAR signature block of exactly the shape Signet and {@code jarsigner} write, read straight from
 * its DER: one SignerInfo (issuer and serial number) with SHA-256, ECDSA P-256/P-384 or RSA
 * 2048/3072, signed attributes contentType (data), messageDigest, signingTime and optionally
 * CMSAlgorithmProtection (each once, one value, the protection naming the SignerInfo's own
 * algorithms), a detached id-data content, plain certificates, no CRLs and no unsigned attributes.
 * {@link #read} returns empty for anything else (any other encoding, algorithm or attribute, an
 * ambiguous signer certificate, a key usage that forbids signing), so the caller can leave that
 * block to the JDK's verifier; what it accepts the JDK's PKCS#7 verifier reads the same way.
 */
record SignerBlock(ParsedBlock parsed, byte[] signedAttributes, SignatureAlgorithm algorithm) {
    private static final byte[] SIGNED_DATA = DerReader.oid("1.2.840.113549.1.7.2");
    private static final byte[] DATA = DerReader.oid("1.2.840.113549.1.7.1");
    private static final byte[] CONTENT_TYPE = DerReader.oid("1.2.840.113549.1.9.3");
    private static final byte[] MESSAGE_DIGEST = DerReader.oid("1.2.840.113549.1.9.4");
    private static final byte[] SIGNING_TIME = DerReader.oid("1.2.840.113549.1.9.5");
    private static final byte[] ALGORITHM_PROTECTION = DerReader.oid("1.2.840.113549.1.9.52");
    private static final byte[] TIME_STAMP_TOKEN = DerReader.oid("1.2.840.113549.1.9.16.2.14");
    private static final List<byte[]> SHA256 = List.of(
            HexFormat.of().parseHex("300d06096086480165030402010500"),
            HexFormat.of().parseHex("300b0609608648016503040201"));
    private static final List<byte[]> ECDSA = List.of(
            HexFormat.of().parseHex("300a06082a8648ce3d040302"), HexFormat.of().parseHex("300906072a8648ce3d0201"));
    private static final List<byte[]> RSA = List.of(
            HexFormat.of().parseHex("300d06092a864886f70d01010b0500"),
            HexFormat.of().parseHex("300d06092a864886f70d0101010500"));

    /** The block's signature check: messageDigest is {@code signatureFile}'s SHA-256, the value verifies. */
    boolean signs(byte[] signatureFile) {
        return digests(signatureFile) && valueVerifies();
    }

    /** Whether the messageDigest attribute is {@code signatureFile}'s SHA-256. */
    boolean digests(byte[] signatureFile) {
        byte[] digest = JarSignatureBlock.sha256(signatureFile);
        return parsed.messageDigest().isPresent()
                && MessageDigest.isEqual(parsed.messageDigest().get(), digest);
    }

    /** Whether the signature value verifies over the signed attributes with the signer certificate's key. */
    boolean valueVerifies() {
        return SignatureCheck.of(parsed.chain().get(0), algorithm).verifies(signedAttributes, parsed.signature());
    }

    /** The block, when it has exactly the shape above (no unsigned attributes). */
    static Optional<SignerBlock> read(byte[] der) {
        return read(der, false);
    }

    /**
     * As {@link #read}, also accepting one unsigned attribute: an RFC 3161 time-stamp token (one
     * value, a SEQUENCE, checked by whoever verifies the token), as a block signed with a
     * time-stamper carries.
     */
    static Optional<SignerBlock> readStamped(byte[] der) {
        return read(der, true);
    }

    private static Optional<SignerBlock> read(byte[] der, boolean stamped) {
        try {
            return decode(der, stamped);
        } catch (DerReader.Malformed | CertificateException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<SignerBlock> decode(byte[] der, boolean stamped)
            throws DerReader.Malformed, CertificateException {
        DerReader top = new DerReader(der, 0, der.length);
        DerReader contentInfo = top.constructed(0x30);
        top.end();
        contentInfo.expect(0x06, SIGNED_DATA);
        DerReader explicit = contentInfo.constructed(0xA0);
        contentInfo.end();
        DerReader signedData = explicit.constructed(0x30);
        explicit.end();
        signedData.expect(0x02, new byte[] {1});
        DerReader digestAlgorithms = signedData.constructed(0x31);
        byte[] digestAlgorithm = digestAlgorithms.element(0x30);
        digestAlgorithms.end();
        DerReader encapsulated = signedData.constructed(0x30);
        encapsulated.expect(0x06, DATA);
        encapsulated.end();
        List<byte[]> certificates = new ArrayList<>();
        DerReader certs = signedData.constructed(0xA0);
        while (!certs.atEnd()) {
            certificates.add(certs.element(0x30));
        }
        DerReader signerInfos = signedData.constructed(0x31);
        signedData.end();
        DerReader signerInfo = signerInfos.constructed(0x30);
        signerInfos.end();
        signerInfo.expect(0x02, new byte[] {1});
        DerReader sid = signerInfo.constructed(0x30);
        byte[] issuer = sid.element(0x30);
        BigInteger serial = new BigInteger(sid.content(0x02));
        sid.end();
        byte[] signerDigest = signerInfo.element(0x30);
        byte[] attributes = signerInfo.element(0xA0);
        byte[] signatureAlgorithm = signerInfo.element(0x30);
        byte[] signature = signerInfo.content(0x04);
        if (stamped && !signerInfo.atEnd()) {
            tokenOnly(signerInfo.element(0xA1));
        }
        signerInfo.end(); // no unsigned attributes (a time-stamp token is left to the JDK's path)
        if (!DerReader.oneOf(digestAlgorithm, SHA256) || !DerReader.oneOf(signerDigest, SHA256)) {
            throw new DerReader.Malformed();
        }
        Attributes signed = Attributes.read(attributes, signerDigest, signatureAlgorithm);
        X509Certificate leaf = null;
        List<X509Certificate> chain = new ArrayList<>();
        for (byte[] c : certificates) {
            X509Certificate certificate = CertificateCache.parse(c);
            chain.add(certificate);
            if (certificate.getSerialNumber().equals(serial)) {
                if (leaf != null
                        || !Arrays.equals(certificate.getIssuerX500Principal().getEncoded(), issuer)) {
                    throw new DerReader.Malformed(); // the JDK and BouncyCastle could pick different certificates
                }
                leaf = certificate;
            }
        }
        if (leaf == null || !signingUse(leaf)) {
            throw new DerReader.Malformed();
        }
        chain.remove(leaf);
        chain.add(0, leaf);
        Optional<KeyAlgorithm> key = KeyAlgorithm.of(leaf.getPublicKey());
        if (key.isEmpty()
                || !DerReader.oneOf(
                        signatureAlgorithm,
                        key.get() == KeyAlgorithm.ECDSA_P256 || key.get() == KeyAlgorithm.ECDSA_P384 ? ECDSA : RSA)) {
            throw new DerReader.Malformed();
        }
        byte[] toBeSigned = attributes.clone();
        toBeSigned[0] = 0x31;
        ParsedBlock parsed = new ParsedBlock(
                List.copyOf(chain),
                Optional.of(signed.signingTime()),
                signature,
                toBeSigned,
                Optional.of(signed.messageDigest()),
                null);
        return Optional.of(
                new SignerBlock(parsed, toBeSigned, new SignatureAlgorithm(key.get(), HashAlgorithm.SHA256)));
    }

    /** The signed attributes: each of the four once, with one value. */
    private record Attributes(byte[] messageDigest, Instant signingTime) {
        static Attributes read(byte[] encoded, byte[] digestAlgorithm, byte[] signatureAlgorithm)
                throws DerReader.Malformed {
            DerReader set = new DerReader(encoded, 0, encoded.length).constructed(0xA0);
            byte[] digest = null;
            Instant time = null;
            boolean contentType = false;
            boolean protection = false;
            while (!set.atEnd()) {
                DerReader attribute = set.constructed(0x30);
                byte[] type = attribute.content(0x06);
                DerReader values = attribute.constructed(0x31);
                attribute.end();
                if (Arrays.equals(type, CONTENT_TYPE) && !contentType) {
                    values.expect(0x06, DATA);
                    contentType = true;
                } else if (Arrays.equals(type, MESSAGE_DIGEST) && digest == null) {
                    digest = values.content(0x04);
                } else if (Arrays.equals(type, SIGNING_TIME) && time == null) {
                    time = values.time();
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
            if (!contentType || digest == null || time == null) {
                throw new DerReader.Malformed();
            }
            return new Attributes(digest, time);
        }
    }

    /** Unsigned attributes holding exactly one attribute, a time-stamp token with one value. */
    private static void tokenOnly(byte[] unsigned) throws DerReader.Malformed {
        DerReader set = new DerReader(unsigned, 0, unsigned.length).constructed(0xA1);
        DerReader attribute = set.constructed(0x30);
        set.end();
        attribute.expect(0x06, TIME_STAMP_TOKEN);
        DerReader values = attribute.constructed(0x31);
        attribute.end();
        values.element(0x30);
        values.end();
    }

    /** As the JDK's PKCS#7 verifier requires: a key usage, when present, allows signatures. */
    private static boolean signingUse(X509Certificate certificate) {
        boolean[] usage = certificate.getKeyUsage();
        return usage == null || (usage.length > 0 && usage[0]) || (usage.length > 1 && usage[1]);
    }
}
