package dev.signet.core.crypto;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical form of a signature value, so that everyone who can produce another valid encoding
 * of the same signature without the key gets the same bytes (and so the same signature id):
 *
 * <ul>
 *   <li>ECDSA: the minimal DER {@code SEQUENCE {r, s}} with {@code s} replaced by {@code min(s, n -
 *       s)}, {@code n} the order of the key's curve, whether the format carries DER (also
 *       non-minimal DER: it is decoded to integers and re-encoded) or JOSE {@code r || s};
 *   <li>RSA: the value as an unsigned integer, left-padded with zeros to the modulus length;
 *   <li>anything else (Ed25519): as carried.
 * </ul>
 *
 * <p>A value that cannot be read as its key's kind (a broken signature) is returned as carried;
 * such a signature does not verify, so its id matters to nobody.
 */
public final class SignatureValues {
    /** How a format carries an ECDSA signature. */
    public enum EcdsaEncoding {
        DER,
        JOSE
    }

    private SignatureValues() {}

    /** The canonical form of {@code carried}, a signature made with the private key of {@code key}. */
    public static byte[] canonical(byte[] carried, PublicKey key, EcdsaEncoding encoding) {
        if (key instanceof ECPublicKey ec) {
            BigInteger n = ec.getParams().getOrder();
            Optional<BigInteger[]> rs = encoding == EcdsaEncoding.JOSE ? jose(carried, n) : der(carried);
            return rs.map(v -> lowS(v[0], v[1], n)).orElse(carried.clone());
        }
        if (key instanceof RSAPublicKey rsa) {
            return padded(carried, (rsa.getModulus().bitLength() + 7) / 8);
        }
        return carried.clone();
    }

    /** The minimal DER ECDSA signature of {@code (r, min(s, n - s))}. */
    public static byte[] lowS(BigInteger r, BigInteger s, BigInteger n) {
        BigInteger low = s.compareTo(n.shiftRight(1)) > 0 ? n.subtract(s) : s;
        // written with Der (BouncyCastle's DERSequence of ASN1Integers gives the same bytes, at about
        // 1% of an IoT SignPayload's CPU)
        return Der.sequence(Der.integer(r), Der.integer(low));
    }

    private static byte[] padded(byte[] carried, int length) {
        if (carried.length == 0) {
            return carried.clone();
        }
        // the unsigned magnitude: the value without its leading zero bytes (no BigInteger needed)
        int skip = 0;
        while (skip < carried.length - 1 && carried[skip] == 0) {
            skip++;
        }
        int n = carried.length - skip;
        if (n > length) {
            return carried.clone();
        }
        byte[] out = new byte[length];
        System.arraycopy(carried, skip, out, length - n, n);
        return out;
    }

    private static Optional<BigInteger[]> jose(byte[] carried, BigInteger n) {
        int field = (n.bitLength() + 7) / 8;
        if (carried.length != 2 * field) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger[] {
            new BigInteger(1, Arrays.copyOfRange(carried, 0, field)),
            new BigInteger(1, Arrays.copyOfRange(carried, field, carried.length))
        });
    }

    /**
     * {@code r} and {@code s} of a DER (or BER-ish: non-minimal lengths and integers accepted)
     * {@code SEQUENCE {INTEGER, INTEGER}} with nothing after it; empty when it is not that or an
     * integer is not positive.
     */
    private static Optional<BigInteger[]> der(byte[] carried) {
        Reader in = new Reader(carried);
        if (in.read() != 0x30) {
            return Optional.empty();
        }
        int length = in.length();
        if (length < 0 || in.remaining() != length) {
            return Optional.empty();
        }
        BigInteger r = in.positiveInteger();
        BigInteger s = r == null ? null : in.positiveInteger();
        if (s == null || in.remaining() != 0) {
            return Optional.empty();
        }
        return Optional.of(new BigInteger[] {r, s});
    }

    /** A bounded reader over DER bytes; -1 / null on any overrun. */
    private static final class Reader {
        private final byte[] bytes;
        private int pos;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - pos;
        }

        int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        int length() {
            int first = read();
            if (first < 0x80) {
                return first;
            }
            int count = first & 0x7f;
            if (count == 0 || count > remaining()) {
                return -1;
            }
            long value = 0;
            for (int i = 0; i < count; i++) {
                value = (value << 8) | read();
                if (value > bytes.length) {
                    return -1;
                }
            }
            return (int) value;
        }

        BigInteger positiveInteger() {
            if (read() != 0x02) {
                return null;
            }
            int length = length();
            if (length <= 0 || length > remaining()) {
                return null;
            }
            BigInteger value = new BigInteger(Arrays.copyOfRange(bytes, pos, pos + length));
            pos += length;
            return value.signum() > 0 ? value : null;
        }
    }
}
