package dev.signet.core.format.jar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Reads DER elements (definite, minimal lengths) from a slice of an array; every mismatch is a
 * {@link Malformed}.
 */
final class DerReader {
    /** Not of the accepted shape. */
    static final class Malformed extends Exception {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private final byte[] der;
    private final int end;
    private int pos;
    private int contentStart;

    DerReader(byte[] der, int start, int end) {
        this.der = der;
        this.pos = start;
        this.end = end;
    }

    boolean atEnd() {
        return pos == end;
    }

    void end() throws Malformed {
        if (pos != end) {
            throw new Malformed();
        }
    }

    /** The next element's content, as a reader. */
    DerReader constructed(int tag) throws Malformed {
        int contentEnd = next(tag);
        return new DerReader(der, contentStart, contentEnd);
    }

    /** The next element whole (tag, length and content). */
    byte[] element(int tag) throws Malformed {
        int start = pos;
        int contentEnd = next(tag);
        return Arrays.copyOfRange(der, start, contentEnd);
    }

    byte[] content(int tag) throws Malformed {
        int contentEnd = next(tag);
        if (contentEnd == contentStart && tag == 0x02) {
            throw new Malformed();
        }
        return Arrays.copyOfRange(der, contentStart, contentEnd);
    }

    void expect(int tag, byte[] content) throws Malformed {
        if (!Arrays.equals(content(tag), content)) {
            throw new Malformed();
        }
    }

    /** A DER UTCTime (YYMMDDHHMMSSZ, as BouncyCastle adjusts it) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
    Instant time() throws Malformed {
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
