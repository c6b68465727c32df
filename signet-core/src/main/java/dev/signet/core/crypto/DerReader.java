package dev.signet.core.crypto;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Reads DER elements (definite, minimal lengths, at most 3 length octets) from a slice of an array,
 * for the readers that accept one exact shape of a structure and leave everything else to a general
 * parser; every mismatch is a {@link Malformed}, which carries no message (the caller decides what a
 * mismatch means).
 */
public final class DerReader {
    /** Not of the accepted shape. */
    public static final class Malformed extends Exception {
        public Malformed() {
            super(null, null, false, false);
        }
    }

    private final byte[] der;
    private final int end;
    private int pos;
    private int contentStart;

    public DerReader(byte[] der, int start, int end) {
        this.der = der;
        this.pos = start;
        this.end = end;
    }

    public boolean atEnd() {
        return pos == end;
    }

    public void end() throws Malformed {
        if (pos != end) {
            throw new Malformed();
        }
    }

    /** The next element's content, as a reader. */
    public DerReader constructed(int tag) throws Malformed {
        int contentEnd = next(tag);
        return new DerReader(der, contentStart, contentEnd);
    }

    /** The next element whole (tag, length and content). */
    public byte[] element(int tag) throws Malformed {
        int start = pos;
        int contentEnd = next(tag);
        return Arrays.copyOfRange(der, start, contentEnd);
    }

    public byte[] content(int tag) throws Malformed {
        int contentEnd = next(tag);
        if (contentEnd == contentStart && tag == 0x02) {
            throw new Malformed();
        }
        return Arrays.copyOfRange(der, contentStart, contentEnd);
    }

    public void expect(int tag, byte[] content) throws Malformed {
        if (!Arrays.equals(content(tag), content)) {
            throw new Malformed();
        }
    }

    /** A DER UTCTime (YYMMDDHHMMSSZ, as BouncyCastle adjusts it) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
    public Instant time() throws Malformed {
        boolean utc = pos < end && der[pos] == 0x17;
        String text = new String(content(utc ? 0x17 : 0x18), StandardCharsets.US_ASCII);
        if (text.length() != (utc ? 13 : 15)
                || !text.endsWith("Z")
                || !text.chars().limit(text.length() - 1).allMatch(Character::isDigit)) {
            throw new Malformed();
        }
        int year = utc ? Integer.parseInt(text.substring(0, 2)) : Integer.parseInt(text.substring(0, 4));
        if (utc) {
            year += year < 50 ? 2000 : 1900;
        }
        int o = utc ? 2 : 4;
        return LocalDateTime.of(
                        year,
                        Integer.parseInt(text.substring(o, o + 2)),
                        Integer.parseInt(text.substring(o + 2, o + 4)),
                        Integer.parseInt(text.substring(o + 4, o + 6)),
                        Integer.parseInt(text.substring(o + 6, o + 8)),
                        Integer.parseInt(text.substring(o + 8, o + 10)))
                .toInstant(ZoneOffset.UTC);
    }

    /** The content octets of the OBJECT IDENTIFIER {@code dotted}, as {@link #content} reads them. */
    public static byte[] oid(String dotted) {
        byte[] der = Der.of(new org.bouncycastle.asn1.ASN1ObjectIdentifier(dotted));
        return Arrays.copyOfRange(der, 2, der.length);
    }

    /** Whether {@code value} is one of {@code accepted}, byte for byte. */
    public static boolean oneOf(byte[] value, java.util.List<byte[]> accepted) {
        for (byte[] a : accepted) {
            if (Arrays.equals(a, value)) {
                return true;
            }
        }
        return false;
    }

    /** The length of an element's content (its header already checked by a reader). */
    public static int contentLength(byte[] element) {
        int first = element[1] & 0xff;
        int header = first < 0x80 ? 2 : 2 + (first & 0x7f);
        return element.length - header;
    }

    /** Where the next element starts in the array. */
    public int position() {
        return pos;
    }

    /** The next element's tag, or -1 at the end. */
    public int peek() {
        return pos < end ? der[pos] & 0xff : -1;
    }

    /**
     * Requires {@code der[from, to)} to be a series of elements in the one encoding BouncyCastle's DER
     * re-encoding leaves unchanged: low tag numbers, minimal definite lengths, constructed universal
     * types only SEQUENCE and SET, SET elements in DER order, BOOLEAN as 00 or FF, minimal INTEGERs,
     * BIT STRINGs without unused bits; nesting at most {@code 32} deep.
     */
    public static void requireCanonical(byte[] der, int from, int to) throws Malformed {
        requireCanonical(der, from, to, 0);
    }

    private static void requireCanonical(byte[] der, int from, int to, int depth) throws Malformed {
        if (depth > 32) {
            throw new Malformed();
        }
        DerReader r = new DerReader(der, from, to);
        while (!r.atEnd()) {
            int tag = r.peek();
            int contentEnd = r.next(tag);
            int content = r.contentStart;
            int length = contentEnd - content;
            boolean universal = (tag & 0xC0) == 0;
            if ((tag & 0x1F) == 0x1F || tag == 0x00 || (tag == 0x03 && (length == 0 || der[content] != 0))) {
                throw new Malformed();
            }
            if ((tag & 0x20) != 0) {
                if (universal && tag != 0x30 && tag != 0x31) {
                    throw new Malformed();
                }
                requireCanonical(der, content, contentEnd, depth + 1);
                if (tag == 0x31) {
                    requireSorted(der, content, contentEnd);
                }
            } else if (tag == 0x01 && (length != 1 || (der[content] != 0 && der[content] != (byte) 0xFF))) {
                throw new Malformed();
            } else if (tag == 0x02
                    && (length == 0
                            || (length > 1
                                    && ((der[content] == 0 && der[content + 1] >= 0)
                                            || (der[content] == (byte) 0xFF && der[content + 1] < 0))))) {
                throw new Malformed();
            } else if (tag == 0x05 && length != 0) {
                throw new Malformed();
            }
        }
    }

    /** Requires the elements of {@code der[from, to)} to be in DER SET order. */
    public static void requireSorted(byte[] der, int from, int to) throws Malformed {
        DerReader r = new DerReader(der, from, to);
        byte[] previous = null;
        while (!r.atEnd()) {
            byte[] element = r.element(r.peek());
            if (previous != null && Der.compareForSet(previous, element) > 0) {
                throw new Malformed();
            }
            previous = element;
        }
    }

    /** Reads the next header; returns where its content ends and sets {@link #contentStart}. */
    private int next(int tag) throws Malformed {
        if (pos + 2 > end || (der[pos] & 0xff) != tag) {
            throw new Malformed();
        }
        int first = der[pos + 1] & 0xff;
        int at = pos + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7f;
            if (octets == 0 || octets > 3 || at + octets > end || der[at] == 0) {
                throw new Malformed();
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = length << 8 | (der[at + i] & 0xff);
            }
            at += octets;
            if (length < 0x80) {
                throw new Malformed();
            }
        }
        if (length > end - at) {
            throw new Malformed();
        }
        contentStart = at;
        pos = at + (int) length;
        return pos;
    }
}
