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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An unsigned PE file read once for signing: its Authenticode SHA-256 digest (the file without the
 * checksum field and the certificate table entry, zero-padded to 8 bytes, as jsign's {@code
 * PEFile.computeDigest} hashes it) and the sum of its little-endian 32-bit words (without the
 * checksum field), from which the PE checksum of the signed file follows without reading it again.
 * The hash runs on a shared reader thread, started by {@link #open}, so that the caller can prepare
 * the signature meanwhile; the caller's thread sums the words (a read of its own) when it first
 * asks for the digest, before it waits for the hash.
 * {@link #write} then streams the signed file: the input with the checksum and certificate table
 * entry set, zero padding to 8 bytes, and the certificate table, byte for byte what jsign writes.
 *
 * <p>Only the plain case is handled ({@link #open} is empty otherwise, and the caller signs with
 * jsign): a PE32 or PE32+ header at an 8-byte aligned offset below 64 KiB, more than four data
 * directories, an all-zero certificate table entry (the file was never signed), and a signed file
 * under 4 GiB.
 */
final class PeImage implements AutoCloseable {
    static final int BUFFER_SIZE = 1 << 20;
    private static final int MAX_PE_HEADER_OFFSET = 64 * 1024;
    private static final int CERTIFICATE_TABLE = 4;
    private static final long MAX_SIZE = 0xFFFF_FFFFL;
    private static final ExecutorService READER = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "signet-pe-reader");
        thread.setDaemon(true);
        return thread;
    });

    private final Path file;
    private final long size;
    private final long checksumOffset;
    private final long entryOffset;
    private final long oldChecksum;
    private final Future<byte[]> digest;
    private Long wordSum;

    private PeImage(Path file, long size, long checksumOffset, long entryOffset, long oldChecksum) {
        this.file = file;
        this.size = size;
        this.checksumOffset = checksumOffset;
        this.entryOffset = entryOffset;
        this.oldChecksum = oldChecksum;
        this.digest = READER.submit(() -> hash(file, size, checksumOffset, entryOffset));
    }

    /**
     * Reads the headers of {@code file}, and if it is the plain case this class handles, starts
     * hashing it on a reader thread; empty otherwise.
     */
    static Optional<PeImage> open(Path file) throws IOException {
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
            return Optional.of(new PeImage(file, size, checksum, entry, oldChecksum));
        }
    }

    /** Stops reading the file, if it still is (after a failure elsewhere). */
    @Override
    public void close() {
        digest.cancel(true);
    }

    private static <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the file", e);
        } catch (CancellationException e) {
            throw new IOException("the file is no longer read", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /** Reads from {@code position} until the buffer is full or the file ends; fails at a premature end. */
    static int fill(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
            // every chunk but the last is a whole number of words
        }
        if (buffer.position() == 0) {
            throw new IOException("the file shrank while it was read");
        }
        return buffer.position();
    }

    /** The Authenticode digest: the file without [checksum, +4) and [entry, +8), zero-padded to 8 bytes. */
    private static byte[] hash(Path file, long size, long checksum, long entry) throws IOException {
        MessageDigest md = CryptoProviders.messageDigest(HashAlgorithm.SHA256);
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            for (long position = 0; position < size; ) {
                int n = fill(channel, buffer, position);
                long end = position + n;
                long at = position;
                for (long[] skip : new long[][] {{checksum, 4}, {entry, 8}}) {
                    if (skip[0] >= at && skip[0] < end) {
                        update(md, buffer, at - position, skip[0] - position);
                        at = Math.min(end, skip[0] + skip[1]);
                    }
                }
                update(md, buffer, at - position, n);
                position = end;
            }
        }
        md.update(new byte[(int) ((8 - size % 8) % 8)]);
        return md.digest();
    }

    private static void update(MessageDigest md, ByteBuffer buffer, long from, long to) {
        if (to > from) {
            buffer.limit((int) to).position((int) from);
            md.update(buffer);
            buffer.limit(buffer.capacity());
        }
    }

    /**
     * The Authenticode SHA-256 digest of the file. Before waiting for the reader thread, the
     * calling thread sums the words for the checksum (a read of its own), if not yet done.
     */
    byte[] digest() throws IOException {
        wordSum();
        return await(digest).clone();
    }

    /** The sum of the file's words without the checksum field, computed once on the calling thread. */
    private synchronized long wordSum() throws IOException {
        if (wordSum == null) {
            wordSum = PeChecksum.wordSum(file, size) - oldChecksum;
        }
        return wordSum;
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
        byte[] table = certificateTable(signedData);
        long tableOffset = tableOffset();
        ByteBuffer patch = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        patch.putInt(0, (int) checksum(tableOffset, table));
        patch.putInt(4, (int) tableOffset).putInt(8, table.length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                throw new IOException("the file changed while it was signed");
            }
            byte[] chunk = new byte[BUFFER_SIZE];
            ByteBuffer buffer = ByteBuffer.wrap(chunk);
            long position = 0;
            while (position < size) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    throw new IOException("the file changed while it was signed");
                }
                n = (int) Math.min(n, size - position);
                patch(chunk, position, n, checksumOffset, patch.array(), 0, 4);
                patch(chunk, position, n, entryOffset, patch.array(), 4, 8);
                out.write(chunk, 0, n);
                position += n;
            }
        }
        out.write(new byte[(int) (tableOffset - size)]);
        out.write(table);
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
