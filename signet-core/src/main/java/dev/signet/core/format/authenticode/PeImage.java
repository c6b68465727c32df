package dev.signet.core.format.authenticode;

import dev.signet.core.crypto.CryptoProviders;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * An unsigned PE file read once for signing: {@link PeScan} takes its Authenticode SHA-256 digest
 * and the sum of its little-endian 32-bit words (without the checksum field) in one read on two
 * threads, started by {@link #open}, so that the caller can prepare the signature meanwhile; the PE
 * checksum of the signed file follows from that sum without reading it again. {@link #write} then
 * streams the signed file: the input with the checksum and certificate table entry set, zero
 * padding to 8 bytes, and the certificate table, byte for byte what jsign writes. Opened with {@link
 * #openCopying}, the one read also copies the file, and {@link #complete} patches that copy into the
 * same signed file instead.
 *
 * <p>Only the plain case is handled ({@link #open} is empty otherwise, and the caller signs with
 * jsign): a PE32 or PE32+ header at an 8-byte aligned offset below 64 KiB, more than four data
 * directories, an all-zero certificate table entry (the file was never signed), and a signed file
 * under 4 GiB.
 */
final class PeImage implements AutoCloseable {
    /** Small enough that a chunk and its copies on the way to the output stay in the L2 cache. */
    private static final int WRITE_CHUNK_SIZE = 1 << 18;

    private static final int MAX_PE_HEADER_OFFSET = 64 * 1024;
    private static final int CERTIFICATE_TABLE = 4;
    private static final long MAX_SIZE = 0xFFFF_FFFFL;

    private final Path file;
    private final long size;
    private final long checksumOffset;
    private final long entryOffset;
    private final long oldChecksum;
    private final PeScan scan;

    private PeImage(
            Path file,
            long size,
            long checksumOffset,
            long entryOffset,
            long oldChecksum,
            LongConsumer progress,
            Optional<FileChannel> copy) {
        this.file = file;
        this.size = size;
        this.checksumOffset = checksumOffset;
        this.entryOffset = entryOffset;
        this.oldChecksum = oldChecksum;
        this.scan = copy.isPresent()
                ? PeScan.startCopying(file, size, checksumOffset, entryOffset, progress, copy.get())
                : PeScan.start(file, size, checksumOffset, entryOffset, progress);
    }

    /**
     * Reads the headers of {@code file}, and if it is the plain case this class handles, starts
     * reading and hashing it ({@link PeScan}); empty otherwise.
     */
    static Optional<PeImage> open(Path file) throws IOException {
        return open(file, n -> {});
    }

    /** As {@link #open(Path)}, telling {@code progress} of the bytes hashed as they are. */
    static Optional<PeImage> open(Path file, LongConsumer progress) throws IOException {
        return open(file, progress, Optional.empty());
    }

    /**
     * As {@link #open(Path, LongConsumer)}, copying the file into {@code copy} (new and empty) as it is
     * read: {@link #complete} then turns that copy into the signed file without reading the input again.
     */
    static Optional<PeImage> openCopying(Path file, LongConsumer progress, FileChannel copy) throws IOException {
        return open(file, progress, Optional.of(copy));
    }

    private static Optional<PeImage> open(Path file, LongConsumer progress, Optional<FileChannel> copy)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 0x40 || size > MAX_SIZE) {
                return Optional.empty();
            }
            ByteBuffer dos = read(channel, 0, 0x40);
            long pe = Integer.toUnsignedLong(dos.getInt(0x3C));
            if (dos.get(0) != 'M'
                    || dos.get(1) != 'Z'
                    || pe % 8 != 0
                    || pe > MAX_PE_HEADER_OFFSET
                    || pe + 0x100 > size) {
                return Optional.empty();
            }
            ByteBuffer header = read(channel, pe, 0x100);
            int magic = Short.toUnsignedInt(header.getShort(24));
            if (header.getInt(0) != 0x00004550 || (magic != 0x10B && magic != 0x20B)) {
                return Optional.empty();
            }
            int directories = magic == 0x10B ? 120 : 136;
            long count = Integer.toUnsignedLong(header.getInt(directories - 4));
            long entry = pe + directories + 8L * CERTIFICATE_TABLE;
            if (count <= CERTIFICATE_TABLE
                    || header.getLong(directories + 8 * CERTIFICATE_TABLE) != 0
                    || entry + 8 > size) {
                return Optional.empty();
            }
            long checksum = pe + 88;
            long oldChecksum = Integer.toUnsignedLong(header.getInt(88));
            return Optional.of(new PeImage(file, size, checksum, entry, oldChecksum, progress, copy));
        }
    }

    /** Stops reading the file, if it still is (after a failure elsewhere). */
    @Override
    public void close() {
        scan.close();
    }

    /** The Authenticode SHA-256 digest of the file; waits for {@link PeScan}. */
    byte[] digest() throws IOException {
        return scan.digest();
    }

    /** The sum of the file's words without the checksum field. */
    private long wordSum() throws IOException {
        return scan.wordSum() - oldChecksum;
    }

    /** The signed file's size with {@code signedData} (DER) embedded, or empty when it would reach 4 GiB. */
    Optional<Long> signedSize(byte[] signedData) {
        long signed = tableOffset() + entryLength(signedData);
        return signed > MAX_SIZE ? Optional.empty() : Optional.of(signed);
    }

    /**
     * Streams the signed file to {@code out}: the input read a second time with the checksum and the
     * certificate table entry set, then the padding and the certificate table holding {@code
     * signedData}. Fails if the file changed size since {@link #open}.
     */
    void write(byte[] signedData, OutputStream out) throws IOException {
        write(signedData, out, Optional.empty());
    }

    /**
     * As {@link #write(byte[], OutputStream)}, and with {@code recheck} (the digest {@link #digest}
     * gave) the file's Authenticode digest taken again as it is copied: a file rewritten since it was
     * hashed (same size, other bytes) fails after its last byte, so that the caller discards the output.
     */
    void write(byte[] signedData, OutputStream out, Optional<byte[]> recheck) throws IOException {
        MessageDigest again = recheck.isPresent() ? CryptoProviders.messageDigest(HashAlgorithm.SHA256) : null;
        byte[] table = certificateTable(signedData);
        long tableOffset = tableOffset();
        ByteBuffer patch = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        patch.putInt(0, (int) checksum(tableOffset, table));
        patch.putInt(4, (int) tableOffset).putInt(8, table.length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                throw new IOException("the file changed while it was signed");
            }
            byte[] chunk = new byte[WRITE_CHUNK_SIZE];
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            long position = 0;
            while (position < size) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    throw new IOException("the file changed while it was signed");
                }
                n = (int) Math.min(n, size - position);
                if (again != null) {
                    hashImage(again, chunk, position, n);
                }
                patch(chunk, position, n, checksumOffset, patch.array(), 0, 4);
                patch(chunk, position, n, entryOffset, patch.array(), 4, 8);
                out.write(chunk, 0, n);
                position += n;
            }
        }
        if (again != null) {
            again.update(new byte[(int) (tableOffset - size)]);
            if (!MessageDigest.isEqual(again.digest(), recheck.get())) {
                throw new IOException("the file changed while it was signed");
            }
        }
        out.write(new byte[(int) (tableOffset - size)]);
        out.write(table);
    }

    /**
     * Turns the copy {@link #openCopying} made into the signed file: sets the checksum and the
     * certificate table entry in place and appends the padding and the certificate table holding
     * {@code signedData}. The copy holds the very bytes {@link #digest} hashed, so nothing is read
     * again; it must be whole ({@link #digest} returned).
     */
    void complete(byte[] signedData, FileChannel copy) throws IOException {
        digest(); // the reader has written its last chunk
        if (copy.size() != size) {
            throw new IOException("the copy of the file is " + copy.size() + " bytes, not " + size);
        }
        byte[] table = certificateTable(signedData);
        long tableOffset = tableOffset();
        ByteBuffer checksum = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        checksum.putInt(0, (int) checksum(tableOffset, table));
        ByteBuffer entry = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        entry.putInt(0, (int) tableOffset).putInt(4, table.length);
        ByteBuffer tail = ByteBuffer.allocate((int) (tableOffset - size) + table.length);
        tail.position((int) (tableOffset - size)).put(table).flip();
        PeScan.writeFully(copy, checksum, checksumOffset);
        PeScan.writeFully(copy, entry, entryOffset);
        PeScan.writeFully(copy, tail, size);
    }

    /** Hashes a chunk read at {@code position} as the Authenticode digest does: without the checksum and the entry. */
    private void hashImage(MessageDigest md, byte[] chunk, long position, int n) {
        int at = 0;
        for (long[] skip : new long[][] {{checksumOffset, 4}, {entryOffset, 8}}) {
            long from = skip[0] - position;
            long to = from + skip[1];
            if (to > at && from < n) { // the skipped field may begin in an earlier chunk
                int stop = (int) Math.max(from, at);
                md.update(chunk, at, stop - at);
                at = (int) Math.min(n, to);
            }
        }
        md.update(chunk, at, n - at);
    }

    private static void patch(byte[] chunk, long position, int n, long at, byte[] value, int from, int length) {
        for (int k = 0; k < length; k++) {
            long p = at + k - position;
            if (p >= 0 && p < n) {
                chunk[(int) p] = value[from + k];
            }
        }
    }

    private long tableOffset() {
        return size + (8 - size % 8) % 8;
    }

    private static long entryLength(byte[] signedData) {
        return 8 + signedData.length + (8 - signedData.length % 8) % 8;
    }

    /** A WIN_CERTIFICATE (revision 2.0, PKCS#7 SignedData) padded to 8 bytes, as jsign writes it. */
    static byte[] certificateTable(byte[] signedData) {
        ByteBuffer entry = ByteBuffer.allocate((int) entryLength(signedData)).order(ByteOrder.LITTLE_ENDIAN);
        entry.putInt(entry.capacity()).putShort((short) 0x0200).putShort((short) 0x0002);
        entry.put(signedData);
        return entry.array();
    }

    /** The PE checksum of the signed file: the input's words, the directory entry's and the table's. */
    private long checksum(long tableOffset, byte[] table) throws IOException {
        ByteBuffer t = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        long total = wordSum() + tableOffset + table.length + PeChecksum.words(t, table.length);
        return PeChecksum.value(total, tableOffset + table.length);
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 64 && buffer.hasRemaining(); i++) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("truncated PE header");
            }
        }
        if (buffer.hasRemaining()) {
            throw new IOException("truncated PE header");
        }
        return buffer;
    }
}
