package dev.signet.server.objects.checksum;

/**
 * The CRC of a concatenation from the CRCs of its pieces, for reflected CRCs whose initial value
 * equals their final XOR (CRC32, CRC32C, CRC64NVME): {@code crc(A||B)} is {@code crc(A)} advanced
 * over {@code |B|} zero bytes, XOR {@code crc(B)}. Advancing uses the GF(2) operator for one zero
 * bit, squared repeatedly, so it costs O(width^2 log |B|) whatever the length.
 */
final class CrcCombine {
    private CrcCombine() {}

    static long combine(long crc1, long crc2, long length2, long reflectedPolynomial, int width) {
        if (length2 <= 0) {
            return crc1;
        }
        long[] odd = new long[width];
        odd[0] = reflectedPolynomial;
        long row = 1;
        for (int n = 1; n < width; n++) {
            odd[n] = row;
            row <<= 1;
        }
        long[] even = square(odd, width);
        odd = square(even, width);
        long remaining = length2;
        long c = crc1;
        while (true) {
            even = square(odd, width);
            if ((remaining & 1) != 0) {
                c = times(even, c);
            }
            remaining >>>= 1;
            if (remaining == 0) {
                break;
            }
            odd = square(even, width);
            if ((remaining & 1) != 0) {
                c = times(odd, c);
            }
            remaining >>>= 1;
            if (remaining == 0) {
                break;
            }
        }
        return c ^ crc2;
    }

    private static long times(long[] matrix, long vector) {
        long sum = 0;
        long v = vector;
        for (int i = 0; v != 0; i++, v >>>= 1) {
            if ((v & 1) != 0) {
                sum ^= matrix[i];
            }
        }
        return sum;
    }

    private static long[] square(long[] matrix, int width) {
        long[] out = new long[width];
        for (int n = 0; n < width; n++) {
            out[n] = times(matrix, matrix[n]);
        }
        return out;
    }

    static long toLong(byte[] bigEndian) {
        long v = 0;
        for (byte b : bigEndian) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    static byte[] toBytes(long value, int bytes) {
        byte[] out = new byte[bytes];
        for (int i = bytes - 1; i >= 0; i--) {
            out[i] = (byte) (value & 0xff);
            value >>>= 8;
        }
        return out;
    }
}
