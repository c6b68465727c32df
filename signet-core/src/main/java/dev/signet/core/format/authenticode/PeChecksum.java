package dev.signet.core.format.authenticode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * The PE image checksum (the {@code CheckSum} field of the optional header) exactly as jsign's
 * {@code PEImageChecksum} computes it, from a plain sum of the file's little-endian 32-bit words:
 * jsign adds each word with an end-around carry at 32 bits, folds the result to 16 bits (its fold
 * maps 0x1FFFF to 0) and adds the file length. The sum of the words can so be taken in pieces
 * (the input, the directory entry, the certificate table) and the checksum follows from their
 * total, without reading the signed file.
 */
final class PeChecksum {
    private PeChecksum() {}

    /** The sum of the little-endian words in the first {@code n} bytes; a torn last word is zero-padded. */
    static long words(ByteBuffer buffer, int n) {
        long sum = 0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long pair = buffer.getLong(i);
            sum += (pair & 0xFFFF_FFFFL) + (pair >>> 32);
        }
        for (; i < n; i += 4) {
            long word = 0;
            for (int k = 0; k < 4 && i + k < n; k++) {
                word |= (long) (buffer.get(i + k) & 0xFF) << (8 * k);
            }
            sum += word;
        }
        return sum;
    }

    /**
     * The same sum as {@link #words(ByteBuffer, int)} for a little-endian {@code buffer} holding
     * {@code n} bytes from its index 0, its whole 8-byte pairs copied in bulk into {@code scratch}
     * first: a plain loop over a {@code long[]} costs a fraction of one over {@code getLong}, also
     * before the JIT has compiled it, as in the first large file a server signs.
     */
    static long words(ByteBuffer buffer, int n, long[] scratch) {
        int whole = n - n % 8;
        LongBuffer pairs = buffer.duplicate()
                .position(0)
                .limit(whole)
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN)
                .asLongBuffer();
        long low = 0;
        long high = 0;
        while (pairs.hasRemaining()) {
            int m = Math.min(scratch.length, pairs.remaining());
            pairs.get(scratch, 0, m);
            for (int k = 0; k < m; k++) {
                low += scratch[k] & 0xFFFF_FFFFL;
                high += scratch[k] >>> 32;
            }
        }
        ByteBuffer tail = buffer.duplicate().position(whole).limit(n).slice().order(ByteOrder.LITTLE_ENDIAN);
        return low + high + words(tail, n - whole);
    }

    /**
     * The checksum of a file of {@code length} bytes whose words (the checksum field excluded) sum
     * to {@code total}: jsign's running 32-bit end-around sum is 0 only for a zero total and
     * otherwise the total's residue modulo 2^32-1 in [1, 2^32-1] (2^32 itself, which jsign can
     * also hold, folds to the same 16 bits as 1).
     */
    static long value(long total, long length) {
        long folded = total == 0 ? 0 : (total - 1) % 0xFFFF_FFFFL + 1;
        long s = (folded >> 16) + (folded & 0xFFFF);
        s = (s >> 16) + s;
        return (s & 0xFFFF) + length;
    }
}
