package dev.signet.core.format;

import dev.signet.core.crypto.Jose;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;

/**
 * What anyone can do to a signature without the key, for tests that its id does not change: turn
 * an ECDSA signature {@code (r, s)} into the equally valid {@code (r, n - s)} wherever the format
 * carries it.
 */
public final class Malleations {
    private Malleations() {}

    /** The DER ECDSA signature {@code (r, n - s)} of DER {@code der}. */
    public static byte[] flipDer(byte[] der, BigInteger n) {
        try {
            ASN1Sequence seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
            BigInteger r = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
            BigInteger s = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(n.subtract(s))})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The JOSE ECDSA signature {@code (r, n - s)} of JOSE {@code jose}. */
    public static byte[] flipJose(byte[] jose, BigInteger n) {
        int field = jose.length / 2;
        return Jose.ecdsaDerToJose(flipDer(Jose.ecdsaJoseToDer(jose, field), n), field);
    }

    /** A DER (or PEM-free) CMS SignedData whose only signer's ECDSA signature is flipped. */
    public static byte[] flipCms(byte[] cms, BigInteger n) {
        try {
            ContentInfo content = ContentInfo.getInstance(ASN1Primitive.fromByteArray(cms));
            SignedData signed = SignedData.getInstance(content.getContent());
            SignerInfo info = SignerInfo.getInstance(signed.getSignerInfos().getObjectAt(0));
            SignerInfo flipped = new SignerInfo(
                    info.getSID(),
                    info.getDigestAlgorithm(),
                    info.getAuthenticatedAttributes(),
                    info.getDigestEncryptionAlgorithm(),
                    new DEROctetString(flipDer(info.getEncryptedDigest().getOctets(), n)),
                    info.getUnauthenticatedAttributes());
            SignedData replaced = new SignedData(
                    signed.getDigestAlgorithms(),
                    signed.getEncapContentInfo(),
                    signed.getCertificates(),
                    signed.getCRLs(),
                    new DERSet(flipped));
            return new ContentInfo(CMSObjectIdentifiers.signedData, replaced).getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A jar whose signature block {@code blockName} has its ECDSA signature flipped. */
    public static byte[] flipJar(byte[] jar, String blockName, BigInteger n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
                ZipOutputStream zip = new ZipOutputStream(out)) {
            int count = 0;
            for (ZipEntry e = in.getNextEntry(); e != null && count < 10_000; e = in.getNextEntry(), count++) {
                byte[] bytes = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(e.getName().equals(blockName) ? flipCms(bytes, n) : bytes);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /**
     * {@code output} with the ECDSA signature whose canonical form is {@code canonicalDer} flipped
     * where it is carried: as raw JOSE or DER bytes, or as base64url or base64 text of those.
     *
     * @throws IllegalArgumentException when it is carried in none of those ways
     */
    public static byte[] flipCarried(byte[] output, byte[] canonicalDer, ECPublicKey key) {
        BigInteger n = key.getParams().getOrder();
        int field = (n.bitLength() + 7) / 8;
        byte[] high = flipDer(canonicalDer, n);
        for (byte[][] pair : new byte[][][] {{canonicalDer, high}, {high, canonicalDer}}) {
            byte[] joseFrom = Jose.ecdsaDerToJose(pair[0], field);
            byte[] joseTo = Jose.ecdsaDerToJose(pair[1], field);
            byte[][][] forms = {
                {joseFrom, joseTo},
                {ascii(Jose.base64Url(joseFrom)), ascii(Jose.base64Url(joseTo))},
                {
                    ascii(Base64.getEncoder().encodeToString(pair[0])),
                    ascii(Base64.getEncoder().encodeToString(pair[1]))
                },
                {ascii(Jose.base64Url(pair[0])), ascii(Jose.base64Url(pair[1]))},
            };
            for (byte[][] form : forms) {
                int at = indexOf(output, form[0]);
                if (at >= 0) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(output, 0, at);
                    out.writeBytes(form[1]);
                    out.write(output, at + form[0].length, output.length - at - form[0].length);
                    return out.toByteArray();
                }
            }
        }
        throw new IllegalArgumentException("the signature is not carried in a form this helper knows");
    }

    /**
     * A zip whose stored entry {@code name} has its ECDSA signature flipped in place ({@link
     * #flipCarried}), with the entry's CRC-32 updated in its local and central headers.
     */
    public static byte[] flipInStoredEntry(byte[] zip, String name, byte[] canonicalDer, ECPublicKey key)
            throws IOException {
        byte[] block = entry(zip, name);
        byte[] flipped = flipCarried(block, canonicalDer, key);
        int at = indexOf(zip, block);
        byte[] out = zip.clone();
        System.arraycopy(flipped, 0, out, at, flipped.length);
        byte[] from = crc(block);
        byte[] to = crc(flipped);
        int replaced = 0;
        for (int i = indexOf(out, from); i >= 0 && replaced < 4; i = indexOf(out, from), replaced++) {
            System.arraycopy(to, 0, out, i, 4);
        }
        if (replaced != 2) {
            throw new IllegalArgumentException("expected the CRC in 2 headers, found " + replaced);
        }
        return out;
    }

    private static byte[] entry(byte[] zip, String name) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            int count = 0;
            for (ZipEntry e = in.getNextEntry(); e != null && count < 10_000; e = in.getNextEntry(), count++) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new IllegalArgumentException("no entry " + name);
    }

    private static byte[] crc(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        long v = crc.getValue();
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
