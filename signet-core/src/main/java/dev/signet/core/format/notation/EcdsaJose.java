package dev.signet.core.format.notation;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * Converts ECDSA signatures between the DER {@code SEQUENCE {r, s}} JCA produces and the JOSE form
 * (RFC 7518 section 3.4): {@code r || s}, each unsigned big-endian padded to the curve's field
 * size.
 */
final class EcdsaJose {
    private EcdsaJose() {}

    static byte[] derToJose(byte[] der, int fieldBytes) throws FormatException {
        ASN1Sequence seq;
        try {
            ASN1Primitive p = ASN1Primitive.fromByteArray(der);
            seq = ASN1Sequence.getInstance(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new FormatException("the key backend returned a malformed ECDSA signature");
        }
        if (seq.size() != 2) {
            throw new FormatException("the key backend returned a malformed ECDSA signature");
        }
        byte[] out = new byte[2 * fieldBytes];
        put(ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue(), out, 0, fieldBytes);
        put(ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue(), out, fieldBytes, fieldBytes);
        return out;
    }

    /** The DER form of a JOSE signature, or empty when it has the wrong length for the curve. */
    static byte[] joseToDer(byte[] jose, int fieldBytes) {
        if (jose.length != 2 * fieldBytes) {
            return new byte[0];
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(jose, 0, fieldBytes));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(jose, fieldBytes, jose.length));
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)})
                    .getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static void put(BigInteger value, byte[] out, int offset, int length) throws FormatException {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > length ? bytes.length - length : 0;
        for (int i = 0; i < start; i++) {
            if (bytes[i] != 0) {
                throw new FormatException("an ECDSA signature value is larger than the curve");
            }
        }
        int n = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + length - n, n);
    }
}
