package dev.signet.core.format.openpgp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads an ASCII-armored signature in exactly the form Signet writes it (RFC 4880 section 6: the
 * header line, no armor headers, an empty line, base64 lines of 64 characters, the CRC-24 line and
 * the tail line, each ended by one LF) without BouncyCastle's {@code ArmoredInputStream}, which
 * reads a byte at a time and cost more than the signature check. Anything else, and an armor whose
 * CRC-24 does not match, is left to {@code ArmoredInputStream}, which decodes it or says why not:
 * this is only a faster way to read what it accepts.
 */
final class CanonicalArmor {
    private static final byte[] BEGIN = "-----BEGIN PGP SIGNATURE-----\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "-----END PGP SIGNATURE-----\n".getBytes(StandardCharsets.US_ASCII);
    private static final int LINE = 64;
    /** "=" and four base64 characters, then LF. */
    private static final int CRC_LINE = 6;

    /** Slicing by four: table k gives the CRC of a byte followed by k zero bytes. */
    private static final int[][] CRC_TABLES = new int[4][256];

    private CanonicalArmor() {}

    /** The binary packets of {@code armored} if it is in Signet's form with a matching CRC-24; empty otherwise. */
    static Optional<byte[]> decode(byte[] armored) {
        int tail = armored.length - END.length;
        if (tail - CRC_LINE <= BEGIN.length
                || !Arrays.equals(armored, 0, BEGIN.length, BEGIN, 0, BEGIN.length)
                || !Arrays.equals(armored, tail, armored.length, END, 0, END.length)
                || armored[tail - CRC_LINE] != '='
                || armored[tail - 1] != '\n') {
            return Optional.empty();
        }
        int bodyEnd = tail - CRC_LINE;
        byte[] body = new byte[bodyEnd - BEGIN.length];
        int n = 0;
        for (int p = BEGIN.length; p < bodyEnd; ) {
            int newline = p;
            while (newline < bodyEnd && armored[newline] != '\n' && newline - p <= LINE) {
                newline++;
            }
            int length = newline - p;
            boolean last = newline + 1 == bodyEnd;
            if (newline >= bodyEnd || length == 0 || length > LINE || (length < LINE && !last)) {
                return Optional.empty();
            }
            System.arraycopy(armored, p, body, n, length);
            n += length;
            p = newline + 1;
        }
        try {
            byte[] packets = Base64.getDecoder().decode(Arrays.copyOf(body, n));
            byte[] crc = Base64.getDecoder().decode(Arrays.copyOfRange(armored, bodyEnd + 1, tail - 1));
            if (crc.length != 3 || packets.length == 0) {
                return Optional.empty();
            }
            int expected = ((crc[0] & 0xff) << 16) | ((crc[1] & 0xff) << 8) | (crc[2] & 0xff);
            return crc24(packets) == expected ? Optional.of(packets) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not base64: ArmoredInputStream judges it
        }
    }

    /**
     * The OpenPGP CRC-24 (RFC 4880 section 6.1), four bytes at a time through four tables (the CRC
     * kept in the top 24 bits of an int; a byte at a time it was 11% of a verify, a table lookup
     * waiting on the previous one for every byte of the armor).
     */
    static int crc24(byte[] data) {
        int crc = 0xB704CE << 8;
        int i = 0;
        for (; i + 4 <= data.length; i += 4) {
            int x = crc
                    ^ ((data[i] & 0xff) << 24
                            | (data[i + 1] & 0xff) << 16
                            | (data[i + 2] & 0xff) << 8
                            | (data[i + 3] & 0xff));
            crc = CRC_TABLES[3][x >>> 24]
                    ^ CRC_TABLES[2][(x >>> 16) & 0xff]
                    ^ CRC_TABLES[1][(x >>> 8) & 0xff]
                    ^ CRC_TABLES[0][x & 0xff];
        }
        for (; i < data.length; i++) {
            crc = (crc << 8) ^ CRC_TABLES[0][((crc >>> 24) ^ data[i]) & 0xff];
        }
        return crc >>> 8;
    }

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = crc < 0 ? (crc << 1) ^ (0x864CFB << 8) : crc << 1;
            }
            CRC_TABLES[0][i] = crc;
        }
        for (int k = 1; k < 4; k++) {
            for (int i = 0; i < 256; i++) {
                int previous = CRC_TABLES[k - 1][i];
                CRC_TABLES[k][i] = (previous << 8) ^ CRC_TABLES[0][previous >>> 24];
            }
        }
    }
}
