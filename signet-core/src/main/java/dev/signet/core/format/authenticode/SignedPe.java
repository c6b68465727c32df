package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.CertificateCache;
import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.Der;
import dev.signet.core.crypto.DerReader;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.crypto.KeyAlgorithm;
import dev.signet.core.crypto.SignatureAlgorithm;
import dev.signet.core.crypto.SignatureCheck;
import dev.signet.core.crypto.SignatureValues;
import dev.signet.core.format.SignatureEvidence;
import dev.signet.core.tsa.TimestampAttributes;
import dev.signet.core.tsa.TimestampEvidence;
import dev.signet.core.tsa.TimestampException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Signet's own reading of a signed PE of the one plain shape Signet and jsign write, checked without
 * jsign or BouncyCastle's CMS: a file of at most {@link #MAX_FILE} bytes read once; a PE32 or PE32+
 * header below 64 KiB with more than four data directories, the certificate table directory inside
 * the optional header; a certificate table 8-aligned at the very end of the file, at most {@link
 * #MAX_TABLE} bytes, holding exactly one WIN_CERTIFICATE (revision 2.0, PKCS#7 SignedData) whose
 * length is the table's and whose SignedData is followed only by its zero padding. The SignedData
 * (read with {@link DerReader}: DER, and in the encoding BouncyCastle's DER re-encoding leaves as it
 * is) holds SpcIndirectDataContent with a SHA-256 or SHA-384 DigestInfo, certificates, no CRLs, one
 * SignerInfo by issuer and serial number with SHA-256, signed attributes contentType
 * (SpcIndirectDataContent) and messageDigest once each and no signingTime, counterSignature or
 * CMSAlgorithmProtection, RSA-2048/3072 or ECDSA P-256/P-384, and at most a time-stamp token among
 * the unsigned attributes (a nested signature is a second signature).
 *
 * <p>{@link #verify} answers only for a file that passes every check {@link
 * AuthenticodeVerification}'s jsign path makes (the digest of the image against the DigestInfo,
 * messageDigest over the SpcIndirectDataContent, the signature value over the signed attributes with
 * the carried signer certificate, the token over the signature value), with the evidence that path
 * would give. For anything else (another shape, any malformation, any failed check) it is empty and
 * the caller takes the jsign path, which gives the verdict and the refusal it always gave.
 */
final class SignedPe {
    /**
     * Read whole into the heap, so bounded as a jar read whole is ({@code ZipEntryReader}); larger
     * files go to jsign's path, where hashing them costs far more than reading the headers.
     */
    static final int MAX_FILE = 1024 * 1024;

    static final int MAX_TABLE = 1024 * 1024;
    private static final int MAX_PE_HEADER_OFFSET = 64 * 1024;
    private static final int CERTIFICATE_TABLE = 4;

    private static final byte[] SIGNED_DATA = DerReader.oid("1.2.840.113549.1.7.2");
    private static final byte[] SPC_INDIRECT_DATA = DerReader.oid("1.3.6.1.4.1.311.2.1.4");
    private static final byte[] CONTENT_TYPE = DerReader.oid("1.2.840.113549.1.9.3");
    private static final byte[] MESSAGE_DIGEST = DerReader.oid("1.2.840.113549.1.9.4");
    /** Signed attributes BouncyCastle's verifier checks further; such signatures take the jsign path. */
    private static final List<byte[]> CHECKED_BY_BOUNCYCASTLE = List.of(
            DerReader.oid("1.2.840.113549.1.9.5"),
            DerReader.oid("1.2.840.113549.1.9.6"),
            DerReader.oid("1.2.840.113549.1.9.52"));

    private static final List<byte[]> TOKEN_ATTRIBUTES = List.of(
            DerReader.oid("1.2.840.113549.1.9.16.2.14"), DerReader.oid(TimestampAttributes.MICROSOFT_RFC3161.getId()));
    private static final List<byte[]> SHA256 = digestAlgorithm(HashAlgorithm.SHA256);
    private static final List<byte[]> ECDSA = List.of(
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"))),
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.2.1"))));
    private static final List<byte[]> RSA = List.of(
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.11"), DERNull.INSTANCE)),
            Der.of(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.113549.1.1.1"), DERNull.INSTANCE)));
    private static final List<HashAlgorithm> IMAGE_DIGESTS = List.of(HashAlgorithm.SHA256, HashAlgorithm.SHA384);

    private SignedPe() {}

    /** Where the fields the Authenticode digest skips are, and the certificate table. */
    record Layout(int checksumOffset, int entryOffset, int tableOffset, int tableSize) {}

    /** The evidence of a valid signature of the plain shape; empty for anything else (see the class). */
    static Optional<SignatureEvidence> verify(Path file) {
        byte[] image;
        try {
            image = read(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (image == null) {
            return Optional.empty();
        }
        try {
            Optional<Layout> layout = layout(image);
            return layout.isEmpty() ? Optional.empty() : check(image, layout.get());
        } catch (DerReader.Malformed | CertificateException | TimestampException | IllegalArgumentException e) {
            // IllegalArgumentException: BouncyCastle's refusal of unsigned attributes it cannot read;
            // the jsign path reads the same file again and reports any of these in its own words
            return Optional.empty();
        }
    }

    /** The file's bytes, or null when it is larger than {@link #MAX_FILE}. */
    private static byte[] read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > MAX_FILE) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, buffer.position()) < 0) {
                    throw new IOException("the file shrank while it was read");
                }
            }
            return buffer.array();
        }
    }

    /** The layout of a PE whose certificate table has the plain shape; empty for anything else. */
    static Optional<Layout> layout(byte[] image) {
        int size = image.length;
        if (size < 0x40 || image[0] != 'M' || image[1] != 'Z') {
            return Optional.empty();
        }
        long pe = u32(image, 0x3C);
        if (pe > MAX_PE_HEADER_OFFSET || pe + 26 > size || u32(image, (int) pe) != 0x00004550) {
            return Optional.empty();
        }
        int p = (int) pe;
        int optionalSize = u16(image, p + 20);
        int magic = u16(image, p + 24);
        int directories = magic == 0x10B ? 120 : magic == 0x20B ? 136 : -1;
        int entry = p + directories + 8 * CERTIFICATE_TABLE;
        if (directories < 0
                || optionalSize < directories - 24 + 8 * (CERTIFICATE_TABLE + 1)
                || (long) p + 24 + optionalSize > size
                || u32(image, p + directories - 4) <= CERTIFICATE_TABLE) {
            return Optional.empty();
        }
        long table = u32(image, entry);
        long tableSize = u32(image, entry + 4);
        if (table % 8 != 0
                || table < entry + 8
                || tableSize < 16
                || tableSize > MAX_TABLE
                || table + tableSize != size
                || u32(image, (int) table) != tableSize
                || u16(image, (int) table + 4) != 0x0200
                || u16(image, (int) table + 6) != 0x0002) {
            return Optional.empty();
        }
        return Optional.of(new Layout(p + 88, entry, (int) table, (int) tableSize));
    }

    private static Optional<SignatureEvidence> check(byte[] image, Layout layout)
            throws DerReader.Malformed, CertificateException, TimestampException {
        int end = layout.tableOffset() + layout.tableSize();
        DerReader entry = new DerReader(image, layout.tableOffset() + 8, end);
        DerReader contentInfo = entry.constructed(0x30);
        if (end - entry.position() >= 8) {
            throw new DerReader.Malformed();
        }
        for (int i = entry.position(); i < end; i++) {
            if (image[i] != 0) {
                throw new DerReader.Malformed();
            }
        }
        return signedData(contentInfo, indirect -> {
            ImageDigest claimed = ImageDigest.read(indirect);
            return MessageDigest.isEqual(claimed.digest(), digest(image, layout, claimed.algorithm()));
        });
    }

    /** Whether the SpcIndirectDataContent a SignedData signs (its content octets) is one the caller accepts. */
    @FunctionalInterface
    private interface SignedContent {
        boolean accepts(byte[] indirect) throws DerReader.Malformed;
    }

    /**
     * The evidence of a SignedData alone ({@code der}: a ContentInfo, nothing after it) of the plain
     * shape, valid, whose SpcIndirectDataContent's content octets are exactly {@code indirect}; empty
     * for anything else. What the client half checks in the server's answer before embedding it.
     */
    static Optional<SignatureEvidence> verifySignedData(byte[] der, byte[] indirect) {
        try {
            DerReader outer = new DerReader(der, 0, der.length);
            DerReader contentInfo = outer.constructed(0x30);
            outer.end();
            return signedData(contentInfo, signed -> MessageDigest.isEqual(signed, indirect));
        } catch (DerReader.Malformed | CertificateException | TimestampException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The checks of a ContentInfo's content (read by {@code contentInfo}) from its contentType on. */
    private static Optional<SignatureEvidence> signedData(DerReader contentInfo, SignedContent content)
            throws DerReader.Malformed, CertificateException, TimestampException {
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
        encapsulated.expect(0x06, SPC_INDIRECT_DATA);
        DerReader indirectExplicit = encapsulated.constructed(0xA0);
        encapsulated.end();
        byte[] indirect = indirectExplicit.content(0x30); // Authenticode signs the content octets
        indirectExplicit.end();
        DerReader.requireCanonical(indirect, 0, indirect.length);
        if (!content.accepts(indirect)) {
            return Optional.empty();
        }
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
        byte[] unsigned = signerInfo.atEnd() ? null : signerInfo.element(0xA1);
        signerInfo.end();
        if (!DerReader.oneOf(digestAlgorithm, SHA256) || !DerReader.oneOf(signerDigest, SHA256)) {
            throw new DerReader.Malformed();
        }
        byte[] messageDigest = messageDigest(attributes);
        byte[] contentDigest =
                CryptoProviders.messageDigest(HashAlgorithm.SHA256).digest(indirect);
        if (!MessageDigest.isEqual(messageDigest, contentDigest)) {
            return Optional.empty();
        }
        List<X509Certificate> chain = chain(certificates, issuer, serial);
        Optional<KeyAlgorithm> key = KeyAlgorithm.of(chain.get(0).getPublicKey());
        if (key.isEmpty()
                || !DerReader.oneOf(
                        signatureAlgorithm,
                        key.get() == KeyAlgorithm.ECDSA_P256 || key.get() == KeyAlgorithm.ECDSA_P384 ? ECDSA : RSA)) {
            return Optional.empty();
        }
        byte[] toBeSigned = attributes.clone();
        toBeSigned[0] = 0x31;
        if (!SignatureCheck.of(chain.get(0), new SignatureAlgorithm(key.get(), HashAlgorithm.SHA256))
                .verifies(toBeSigned, signature)) {
            return Optional.empty();
        }
        SignatureEvidence evidence = new SignatureEvidence(AuthenticodeFormat.ID, true, "", chain, Optional.empty());
        if (unsigned != null) {
            evidence = evidence.withTimestamp(token(unsigned, signature));
        }
        return Optional.of(evidence.withCanonicalSignatureValue(signature, SignatureValues.EcdsaEncoding.DER));
    }

    /** The claimed digest of the image, from SpcIndirectDataContent's DigestInfo. */
    private record ImageDigest(HashAlgorithm algorithm, byte[] digest) {
        static ImageDigest read(byte[] indirect) throws DerReader.Malformed {
            DerReader content = new DerReader(indirect, 0, indirect.length);
            content.element(0x30); // SpcAttributeTypeAndOptionalValue: not part of the check
            DerReader digestInfo = content.constructed(0x30);
            content.end();
            byte[] algorithm = digestInfo.element(0x30);
            byte[] digest = digestInfo.content(0x04);
            digestInfo.end();
            for (HashAlgorithm h : IMAGE_DIGESTS) {
                if (DerReader.oneOf(algorithm, digestAlgorithm(h))) {
                    return new ImageDigest(h, digest);
                }
            }
            throw new DerReader.Malformed();
        }
    }

    /** The Authenticode digest: the image without the checksum, the table entry and the table. */
    static byte[] digest(byte[] image, Layout layout, HashAlgorithm algorithm) {
        MessageDigest md = CryptoProviders.messageDigest(algorithm);
        md.update(image, 0, layout.checksumOffset());
        md.update(image, layout.checksumOffset() + 4, layout.entryOffset() - layout.checksumOffset() - 4);
        md.update(image, layout.entryOffset() + 8, layout.tableOffset() - layout.entryOffset() - 8);
        return md.digest();
    }

    /**
     * The messageDigest of the signed attributes ({@code [0]} element): in DER order and canonical,
     * contentType (SpcIndirectDataContent) and messageDigest once each with one value, none of the
     * attributes BouncyCastle checks further, no attribute twice.
     */
    private static byte[] messageDigest(byte[] attributes) throws DerReader.Malformed {
        DerReader set = new DerReader(attributes, 0, attributes.length).constructed(0xA0);
        DerReader.requireCanonical(attributes, 0, attributes.length);
        DerReader.requireSorted(attributes, attributes.length - DerReader.contentLength(attributes), attributes.length);
        List<byte[]> seen = new ArrayList<>();
        byte[] digest = null;
        boolean contentType = false;
        while (!set.atEnd()) {
            DerReader attribute = set.constructed(0x30);
            byte[] type = attribute.content(0x06);
            DerReader values = attribute.constructed(0x31);
            attribute.end();
            if (seen.stream().anyMatch(t -> Arrays.equals(t, type)) || DerReader.oneOf(type, CHECKED_BY_BOUNCYCASTLE)) {
                throw new DerReader.Malformed();
            }
            seen.add(type);
            if (Arrays.equals(type, CONTENT_TYPE)) {
                values.expect(0x06, SPC_INDIRECT_DATA);
                values.end();
                contentType = true;
            } else if (Arrays.equals(type, MESSAGE_DIGEST)) {
                digest = values.content(0x04);
                values.end();
            } else if (values.atEnd()) {
                throw new DerReader.Malformed();
            }
        }
        if (!contentType || digest == null) {
            throw new DerReader.Malformed();
        }
        return digest;
    }

    /** The signer's certificate (by issuer and serial number, exactly one), then the others in order. */
    private static List<X509Certificate> chain(List<byte[]> certificates, byte[] issuer, BigInteger serial)
            throws CertificateException, DerReader.Malformed {
        X509Certificate leaf = null;
        List<X509Certificate> others = new ArrayList<>();
        for (byte[] c : certificates) {
            X509Certificate certificate = CertificateCache.parse(c);
            if (certificate.getSerialNumber().equals(serial)) {
                if (leaf != null
                        || !Arrays.equals(certificate.getIssuerX500Principal().getEncoded(), issuer)) {
                    throw new DerReader.Malformed(); // BouncyCastle could match another certificate by name
                }
                leaf = certificate;
            } else {
                others.add(certificate);
            }
        }
        if (leaf == null) {
            throw new DerReader.Malformed();
        }
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        chain.addAll(others);
        return List.copyOf(chain);
    }

    /** The verified token of unsigned attributes that hold nothing but one time-stamp token. */
    private static TimestampEvidence token(byte[] unsigned, byte[] signature)
            throws DerReader.Malformed, TimestampException {
        DerReader set = new DerReader(unsigned, 0, unsigned.length).constructed(0xA1);
        while (!set.atEnd()) {
            DerReader attribute = set.constructed(0x30);
            if (!DerReader.oneOf(attribute.content(0x06), TOKEN_ATTRIBUTES)) {
                throw new DerReader.Malformed(); // a nested signature, or another attribute
            }
        }
        return TimestampAttributes.verifyEncoded(unsigned, signature).orElseThrow(DerReader.Malformed::new);
    }

    private static List<byte[]> digestAlgorithm(HashAlgorithm algorithm) {
        ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(
                switch (algorithm) {
                    case SHA256 -> "2.16.840.1.101.3.4.2.1";
                    case SHA384 -> "2.16.840.1.101.3.4.2.2";
                    default -> throw new IllegalArgumentException("not an Authenticode digest: " + algorithm);
                });
        return List.of(Der.of(new AlgorithmIdentifier(oid, DERNull.INSTANCE)), Der.of(new AlgorithmIdentifier(oid)));
    }

    private static long u32(byte[] b, int at) {
        if (at < 0 || at + 4 > b.length) {
            return -1;
        }
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static int u16(byte[] b, int at) {
        if (at < 0 || at + 2 > b.length) {
            return -1;
        }
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }
}
