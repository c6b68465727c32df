package dev.signet.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;

/**
 * Reads an encrypted archive's content, chunk by chunk: a chunk's bytes are returned only once its
 * tag verified, and the end of the content is returned only after the last chunk (the one flagged
 * last) verified and nothing follows it. A wrong passphrase, an altered byte anywhere (header
 * included), reordered chunks and a truncation at any length are each an {@link ArchiveException}.
 */
public final class UnsealingInputStream extends InputStream {
    private static final int SEALED_CHUNK = ChunkCipher.CHUNK + ChunkCipher.TAG_BYTES;

    private final InputStream in;
    private final ChunkCipher chunks;
    private byte[] plain = new byte[0];
    private int position;
    private boolean lastRead;
    private long offset = ArchiveHeader.LENGTH;

    private UnsealingInputStream(InputStream in, ChunkCipher chunks) {
        this.in = in;
        this.chunks = chunks;
    }

    /** Opens an archive, deriving its key from {@code passphrase}. */
    public static UnsealingInputStream open(InputStream in, char[] passphrase) throws IOException {
        return open(in, salt -> ArchiveKey.derive(passphrase, salt));
    }

    /**
     * Opens an archive whose key {@code keyForSalt} gives (tests and fuzz targets cache the scrypt
     * derivation).
     *
     * @throws ArchiveException when the input is not an archive of this version
     */
    public static UnsealingInputStream open(InputStream in, Function<byte[], SecretKey> keyForSalt) throws IOException {
        ArchiveHeader header = ArchiveHeader.read(in);
        return new UnsealingInputStream(in, new ChunkCipher(keyForSalt.apply(header.salt()), header.bytes()));
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (position == plain.length) {
            if (lastRead) {
                return -1;
            }
            nextChunk();
        }
        int n = Math.min(len, plain.length - position);
        System.arraycopy(plain, position, b, off, n);
        position += n;
        return n;
    }

    private void nextChunk() throws IOException {
        byte[] sealed = in.readNBytes(SEALED_CHUNK);
        long index = chunks.index();
        if (sealed.length < ChunkCipher.TAG_BYTES) {
            throw new ArchiveException("the archive is truncated: it ends at byte " + (offset + sealed.length)
                    + ", before its last chunk");
        }
        // only a full-length chunk may be followed by another; a shorter one must be the last
        boolean last = sealed.length < SEALED_CHUNK;
        try {
            plain = chunks.open(sealed, sealed.length, last);
        } catch (AEADBadTagException e) {
            throw new ArchiveException(
                    index == 0
                            ? "the archive cannot be opened: wrong passphrase, or its beginning was altered"
                            : "the archive was altered or truncated: chunk " + index + " (bytes " + offset + " to "
                                    + (offset + sealed.length) + ") does not authenticate",
                    e);
        }
        offset += sealed.length;
        position = 0;
        lastRead = last;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
