package dev.signet.server.backup;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads an archive's content entry by entry, refusing what {@link ArchivePaths} refuses, unknown
 * entry types (the format has no links, devices or directories), a content that ends early, and
 * bytes after the end entry. Each entry's bytes are read before asking for the next one.
 */
public final class ArchiveReader {
    private final DataInputStream in;
    private final ArchivePaths paths = new ArchivePaths();
    private BoundedContent current;
    private boolean ended;

    /** One file: its path and its content, {@code size} bytes. */
    public record Entry(String path, long size, InputStream content) {}

    public ArchiveReader(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /**
     * The next file, or empty after the end entry (which must end the content).
     *
     * @throws ArchiveException when the content is malformed or an entry is refused
     */
    public Optional<Entry> next() throws IOException {
        if (ended) {
            return Optional.empty();
        }
        if (current != null) {
            current.skipRest();
        }
        try {
            int type = in.read();
            if (type == ArchiveWriter.END) {
                if (in.read() != -1) {
                    throw new ArchiveException("the archive has content after its end entry");
                }
                ended = true;
                return Optional.empty();
            }
            if (type == -1) {
                throw new ArchiveException("the archive's content ends without its end entry");
            }
            if (type != ArchiveWriter.FILE) {
                throw new ArchiveException(String.format(
                        "the archive holds an entry of type 0x%02x, which a restore refuses (only files, type F)",
                        type));
            }
            int length = in.readUnsignedShort();
            if (length == 0 || length > ArchivePaths.MAX_PATH_BYTES) {
                throw new ArchiveException("the archive holds an entry whose path is " + length + " bytes long");
            }
            String path = utf8(in.readNBytes(length), length);
            paths.accept(path);
            long size = in.readLong();
            if (size < 0) {
                throw new ArchiveException(
                        "the archive's entry " + ArchivePaths.printable(path) + " has a negative size");
            }
            current = new BoundedContent(in, size, path);
            return Optional.of(new Entry(path, size, current));
        } catch (EOFException e) {
            throw new ArchiveException("the archive's content ends inside an entry header", e);
        }
    }

    private static String utf8(byte[] bytes, int length) throws ArchiveException {
        if (bytes.length < length) {
            throw new ArchiveException("the archive's content ends inside an entry's path");
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ArchiveException("the archive holds an entry whose path is not UTF-8", e);
        }
    }

    /** An entry's bytes: exactly its size, an early end an {@link ArchiveException}. */
    private static final class BoundedContent extends InputStream {
        private final InputStream in;
        private final String path;
        private long left;

        BoundedContent(InputStream in, long size, String path) {
            this.in = in;
            this.left = size;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new ArchiveException(
                        "the archive's content ends inside the entry " + ArchivePaths.printable(path));
            }
            left -= n;
            return n;
        }

        void skipRest() throws IOException {
            byte[] skip = new byte[8192];
            while (read(skip, 0, skip.length) >= 0) {
                // drained
            }
        }
    }
}
