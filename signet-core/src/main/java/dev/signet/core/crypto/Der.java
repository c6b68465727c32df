package dev.signet.core.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;

/**
 * A small DER writer for the structures Signet encodes on every signature (CMS signed attributes,
 * SignerInfo, SignedData, RFC 3161 TSTInfo), so the hot path builds byte arrays directly instead of
 * BouncyCastle object trees. Constant parts are encoded once with BouncyCastle ({@link #of}) and
 * spliced in as bytes. Writes definite lengths only; {@link #set} sorts its elements as DER requires
 * for SET OF. Every method returns a new array and never modifies its arguments. Stateless.
 */
public final class Der {
    public static final int INTEGER = 0x02;
    public static final int OCTET_STRING = 0x04;
    public static final int UTC_TIME = 0x17;
    public static final int GENERALIZED_TIME = 0x18;
    public static final int SEQUENCE = 0x30;
    public static final int SET = 0x31;

    private Der() {}

    /** The DER encoding of a BouncyCastle object: for constants, computed once. */
    public static byte[] of(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot DER-encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** One TLV: {@code tag} (a single identifier octet), the DER length, the concatenated contents. */
    public static byte[] tlv(int tag, byte[]... contents) {
        if (tag < 0 || tag > 0xff || (tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("not a single-octet tag: " + tag);
        }
        long total = 0;
        for (byte[] c : contents) {
            total += c.length;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("DER value too large");
        }
        int length = (int) total;
        int lengthOctets = length < 0x80 ? 0 : (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        byte[] out = new byte[2 + lengthOctets + length];
        int p = 0;
        out[p++] = (byte) tag;
        if (lengthOctets == 0) {
            out[p++] = (byte) length;
        } else {
            out[p++] = (byte) (0x80 | lengthOctets);
            for (int i = lengthOctets - 1; i >= 0; i--) {
                out[p++] = (byte) (length >>> (8 * i));
            }
        }
        for (byte[] c : contents) {
            System.arraycopy(c, 0, out, p, c.length);
            p += c.length;
        }
        return out;
    }

    public static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, elements);
    }

    /** A SET OF with its elements (each a complete DER TLV) in DER order (X.690 11.6). */
    public static byte[] set(byte[]... elements) {
        return tlv(SET, sorted(elements));
    }

    /** The elements in DER SET OF order: as octet strings, the shorter padded with zero octets. */
    public static byte[][] sorted(byte[]... elements) {
        byte[][] copy = elements.clone();
        Arrays.sort(copy, Der::compareForSet);
        return copy;
    }

    public static byte[] octetString(byte[] value) {
        return tlv(OCTET_STRING, value);
    }

    public static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    public static byte[] integer(long value) {
        return integer(BigInteger.valueOf(value));
    }

    /** GeneralizedTime with whole seconds, {@code YYYYMMDDHHMMSSZ} (RFC 5280 4.1.2.5.2). */
    public static byte[] generalizedTime(Instant time) {
        ZonedDateTime t = time.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            throw new IllegalArgumentException("year out of range for GeneralizedTime: " + t.getYear());
        }
        return tlv(GENERALIZED_TIME, digits(t, t.getYear(), 4));
    }

    /**
     * An X.509/CMS {@code Time} with whole seconds: UTCTime {@code YYMMDDHHMMSSZ} for the years 1950
     * to 2049, GeneralizedTime otherwise (RFC 5652 11.3), as BouncyCastle's {@code Time} encodes it.
     */
    public static byte[] time(Instant time) {
        ZonedDateTime t = time.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC);
        if (t.getYear() < 1950 || t.getYear() > 2049) {
            return generalizedTime(time);
        }
        return tlv(UTC_TIME, digits(t, t.getYear() % 100, 2));
    }

    /** DER SET OF order (X.690 11.6): unsigned octets, the shorter padded with zero octets. */
    public static int compareForSet(byte[] a, byte[] b) {
        Objects.requireNonNull(a, "element");
        Objects.requireNonNull(b, "element");
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return x - y;
            }
        }
        return 0;
    }

    /** {@code year} in {@code yearDigits} digits, then MMDDHHMMSS and Z, in ASCII. */
    private static byte[] digits(ZonedDateTime t, int year, int yearDigits) {
        byte[] out = new byte[yearDigits + 11];
        put(out, 0, year, yearDigits);
        put(out, yearDigits, t.getMonthValue(), 2);
        put(out, yearDigits + 2, t.getDayOfMonth(), 2);
        put(out, yearDigits + 4, t.getHour(), 2);
        put(out, yearDigits + 6, t.getMinute(), 2);
        put(out, yearDigits + 8, t.getSecond(), 2);
        out[yearDigits + 10] = 'Z';
        return out;
    }

    private static void put(byte[] out, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
