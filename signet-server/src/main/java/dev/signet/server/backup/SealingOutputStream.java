package dev.signet.server.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * Writes an encrypted archive (docs/formats.md, "Backup archive"): the header, then the content in
 * chunks of {@link ChunkCipher#CHUNK} bytes, each encrypted and authenticated on its own, in
 * constant memory. {@link #close} writes the last chunk (shorter than a full one, possibly empty):
 * an archive that was not closed has no last chunk and is refused as truncated.
 */
public final class SealingOutputStream extends OutputStream {
    private final OutputStream out;
    private final ChunkCipher chunks;
    private final byte[] buffer = new byte[ChunkCipher.CHUNK];
    private int filled;
    private boolean closed;

    private SealingOutputStream(OutputStream out, ChunkCipher chunks) {
        this.out = out;
        this.chunks = chunks;
    }

    /** Starts an archive on {@code out} under {@code passphrase}, with a new random salt. */
    public static SealingOutputStream open(OutputStream out, char[] passphrase) throws IOException {
        ArchiveHeader header = ArchiveHeader.fresh(new SecureRandom());
        return open(out, header, ArchiveKey.derive(passphrase, header.salt()));
    }

    /** Starts an archive with a given header and its key (test vectors fix the salt). */
    static SealingOutputStream open(OutputStream out, ArchiveHeader header, SecretKey key) throws IOException {
        out.write(header.bytes());
        return new SealingOutputStream(out, new ChunkCipher(key, header.bytes()));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the archive is closed");
        }
        while (len > 0) {
            int n = Math.min(len, buffer.length - filled);
            System.arraycopy(b, off, buffer, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == buffer.length) {
                // a full chunk is never the last one: the last is always shorter
                out.write(chunks.seal(buffer, filled, false));
                filled = 0;
            }
        }
    }

    /** Writes the last chunk and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.write(chunks.seal(buffer, filled, true));
            Arrays.fill(buffer, (byte) 0);
            out.flush();
        } finally {
            out.close();
        }
    }
}
