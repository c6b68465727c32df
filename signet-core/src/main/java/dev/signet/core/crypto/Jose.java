package dev.signet.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

/**
 * The encodings JOSE (RFC 7515/7518) signatures share: canonical base64url without padding, and
 * ECDSA signatures as {@code r || s} (each unsigned big-endian, padded to the curve's field size)
 * instead of the DER {@code SEQUENCE {r, s}} the JCA and key backends produce.
 *
 * <p>Decoding is strict: padding, characters outside the url-safe alphabet and non-canonical
 * trailing bits are refused, so every accepted string has exactly one byte meaning and changing
 * any character changes the bytes or is refused.
 */
public final class Jose {
    private Jose() {}

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The bytes of canonical unpadded base64url {@code value}; empty when it is not that. */
    public static Optional<byte[]> decodeBase64Url(String value) {
        if (value == null || value.indexOf('=') >= 0) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return base64Url(bytes).equals(value) ? Optional.of(bytes) : Optional.empty();
    }

    /**
     * The JOSE form of a DER ECDSA signature.
     *
     * @throws IllegalArgumentException when {@code der} is not a DER ECDSA signature whose values fit
     *     in {@code fieldBytes}
     */
    public static byte[] ecdsaDerToJose(byte[] der, int fieldBytes) {
        Optional<byte[]> minimal = minimalDerToJose(der, fieldBytes);
        if (minimal.isPresent()) {
            return minimal.get();
        }
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        if (seq.size() != 2) {
            throw new IllegalArgumentException("not a DER ECDSA signature");
        }
        byte[] out = new byte[2 * fieldBytes];
        put(ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue(), out, 0, fieldBytes);
        put(ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue(), out, fieldBytes, fieldBytes);
        return out;
    }

    /**
     * The JOSE form of an ECDSA signature in minimal DER with short lengths (what key backends
     * write), read directly; empty for anything else, which BouncyCastle reads as before (reading
     * every signature with BouncyCastle was about 1% of a Notation SignPayload's CPU).
     */
    private static Optional<byte[]> minimalDerToJose(byte[] der, int fieldBytes) {
        if (der.length < 8 || der[0] != 0x30 || (der[1] & 0x80) != 0 || der[1] != der.length - 2) {
            return Optional.empty();
        }
        byte[] out = new byte[2 * fieldBytes];
        int pos = 2;
        for (int i = 0; i < 2; i++) {
            if (pos + 2 > der.length || der[pos] != 0x02) {
                return Optional.empty();
            }
            int length = der[pos + 1];
            int start = pos + 2;
            if (length <= 0 || start + length > der.length || (der[start] & 0x80) != 0) {
                return Optional.empty(); // long form, empty, overrun or negative
            }
            if (der[start] == 0 && length > 1 && (der[start + 1] & 0x80) == 0) {
                return Optional.empty(); // not minimal
            }
            int skip = der[start] == 0 ? 1 : 0;
            int n = length - skip;
            if (n > fieldBytes) {
                return Optional.empty();
            }
            System.arraycopy(der, start + skip, out, i * fieldBytes + fieldBytes - n, n);
            pos = start + length;
        }
        return pos == der.length ? Optional.of(out) : Optional.empty();
    }

    /** The DER form of a JOSE ECDSA signature, or empty when it has the wrong length for the curve. */
    public static byte[] ecdsaJoseToDer(byte[] jose, int fieldBytes) {
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

    private static void put(BigInteger value, byte[] out, int offset, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > length ? bytes.length - length : 0;
        for (int i = 0; i < start; i++) {
            if (bytes[i] != 0) {
                throw new IllegalArgumentException("an ECDSA signature value is larger than the curve");
            }
        }
        int n = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + length - n, n);
    }
}
