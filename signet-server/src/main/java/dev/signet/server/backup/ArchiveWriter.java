package dev.signet.server.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes an archive's content (docs/formats.md, "Backup archive"): file entries ({@code F}, path
 * length, UTF-8 path, size, bytes), then the end entry ({@code E}). Paths are checked as a restore
 * checks them, so the writer never produces an archive the reader refuses.
 */
public final class ArchiveWriter {
    static final int FILE = 'F';
    static final int END = 'E';

    private final DataOutputStream out;
    private final ArchivePaths paths = new ArchivePaths();
    private final byte[] buffer = new byte[ChunkCipher.CHUNK];
    private int files;

    public ArchiveWriter(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /**
     * Writes one file of {@code size} bytes read from {@code content}.
     *
     * @throws IOException when {@code content} ends before {@code size} bytes
     */
    public void file(String path, long size, InputStream content) throws IOException {
        paths.accept(path);
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > ArchivePaths.MAX_PATH_BYTES) {
            throw new IllegalArgumentException("path longer than " + ArchivePaths.MAX_PATH_BYTES + " bytes: " + path);
        }
        out.writeByte(FILE);
        out.writeShort(name.length);
        out.write(name);
        out.writeLong(size);
        long left = size;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(path + " ended after " + (size - left) + " of its " + size + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        files++;
    }

    /** Writes {@code content} as one file. */
    public void file(String path, byte[] content) throws IOException {
        file(path, content.length, new java.io.ByteArrayInputStream(content));
    }

    /** Writes the end entry (the stream below is left open). */
    public void finish() throws IOException {
        out.writeByte(END);
        out.flush();
    }

    public int files() {
        return files;
    }
}
