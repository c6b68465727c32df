package dev.signet.server.service.job;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/**
 * The SHA-256 of a file that several ranged reads write at once ({@link SourceDownload}), taken
 * while they write it: bytes that arrive in order (every byte before them hashed) are hashed from
 * the read's own buffer; bytes a later range wrote ahead of them are read back from the file (just
 * written, so from the page cache) once the bytes before them are in. A file copied by one read is
 * hashed from its buffers alone. Safe for the reads' threads; each chunk's bytes must be reported in
 * order, from the chunk's start.
 */
final class ArrivalHash {
    private static final int BUFFER = 64 * 1024;

    private final FileChannel file;
    private final long size;
    private final long chunk;
    private final long[] written;
    private final MessageDigest sha256 = Digests.newDigest(HashAlgorithm.SHA256);
    private long hashed;

    /** @param chunk the length of every range but the last, which ends at {@code size} */
    ArrivalHash(FileChannel file, long size, long chunk) {
        if (size < 0 || chunk < 1) {
            throw new IllegalArgumentException("a size of at least 0 and chunks of at least 1 byte");
        }
        this.file = file;
        this.size = size;
        this.chunk = chunk;
        this.written = new long[(int) Math.max(1, (size + chunk - 1) / chunk)];
    }

    /** Records that the next {@code n} bytes of range {@code index} are in the file, as in {@code bytes}. */
    synchronized void wrote(int index, byte[] bytes, int n) throws IOException {
        long at = index * chunk + written[index];
        if (n < 0 || at + n > Math.min(size, (index + 1) * chunk)) {
            throw new IllegalArgumentException("range " + index + " has no room for " + n + " more bytes");
        }
        written[index] += n;
        if (at == hashed) {
            sha256.update(bytes, 0, n);
            hashed += n;
        }
        catchUp();
    }

    /** Hashes, from the file, what the ranges after the hashed prefix have written contiguously to it. */
    private void catchUp() throws IOException {
        ByteBuffer buffer = null;
        while (hashed < size) {
            int index = (int) (hashed / chunk);
            long available = index * chunk + written[index];
            if (available <= hashed) {
                return;
            }
            if (buffer == null) {
                buffer = ByteBuffer.allocate(BUFFER);
            }
            buffer.clear().limit((int) Math.min(BUFFER, available - hashed));
            int n = file.read(buffer, hashed);
            if (n <= 0) {
                throw new IOException("the source file ended before the bytes written to it");
            }
            sha256.update(buffer.array(), 0, n);
            hashed += n;
        }
    }

    /**
     * The file's SHA-256, once all of its bytes have been reported.
     *
     * @throws IllegalStateException when some were not
     */
    synchronized byte[] digest() {
        if (hashed != size) {
            throw new IllegalStateException("only " + hashed + " of " + size + " bytes were hashed");
        }
        return sha256.digest();
    }
}
