package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the entries of a {@link ZipDirectory} from its file: finds each local header (which must
 * repeat the central name), streams the content (stored, or inflated) through direct buffers and
 * checks its length and CRC-32 against the central directory. Also gives a CRC-32 of the raw
 * (compressed) bytes, so a later copy can prove it copied what was read. Not thread-safe; close it.
 */
final class ZipEntryReader implements AutoCloseable {
    static final int CHUNK = 1 << 18;

    private final FileChannel channel;
    private final long centralOffset;
    private final ByteBuffer whole; // the entries' bytes, read at once when small; else null
    private final ByteBuffer raw;
    private final ByteBuffer inflated;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 contentCrc = new CRC32();
    private final CRC32 rawCrc = new CRC32();
    private MessageDigest fileDigest; // when set: fed the file's bytes in file order as they are read
    private long fedUpTo;
    private boolean inFileOrder = true;

    /** Where an entry's data starts, and its local extra field (copied as-is). */
    record Local(ZipDirectory.Entry entry, long dataOffset, byte[] extra) {}

    /** A reader for {@code directory}'s entries, its buffers no larger than its largest entry needs. */
    ZipEntryReader(FileChannel channel, ZipDirectory directory) throws IOException {
        this(channel, directory, null);
    }

    /**
     * As {@link #ZipEntryReader(FileChannel, ZipDirectory)}, reading from {@code wholeFile} (the
     * file's bytes, {@link ZipDirectory#readWhole}) when it is not null instead of reading again.
     */
    ZipEntryReader(FileChannel channel, ZipDirectory directory, ByteBuffer wholeFile) throws IOException {
        this.channel = channel;
        this.centralOffset = directory.centralOffset();
        long largest = 0;
        for (ZipDirectory.Entry e : directory.entries()) {
            largest = Math.max(largest, Math.max(e.size(), e.compressedSize()));
        }
        int size = (int) Math.max(4096, Math.min(CHUNK, largest));
        this.whole = wholeFile != null && wholeFile.limit() >= centralOffset
                ? wholeFile.slice(0, (int) centralOffset)
                : readWhole(channel, centralOffset);
        // direct buffers spare a copy when reading from the channel; a small jar is read whole
        this.raw = whole == null ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
        this.inflated = whole == null ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    /** The entry's local header, or empty when it is missing or disagrees with the central one. */
    Optional<Local> local(ZipDirectory.Entry entry) throws IOException {
        byte[] name = entry.rawName();
        ByteBuffer header = readAt(entry.localOffset(), ZipDirectory.LOCAL_SIZE + name.length);
        if (header == null
                || header.getInt(0) != ZipDirectory.LOCAL_SIGNATURE
                || ZipDirectory.u16(header, 26) != name.length
                || (ZipDirectory.u16(header, 6) & ZipDirectory.FLAG_ENCRYPTED) != 0
                || ZipDirectory.u16(header, 8) != entry.method()) {
            return Optional.empty();
        }
        feed(entry.localOffset(), header);
        byte[] localName = new byte[name.length];
        header.get(ZipDirectory.LOCAL_SIZE, localName);
        int extraLength = ZipDirectory.u16(header, 28);
        long dataOffset = entry.localOffset() + ZipDirectory.LOCAL_SIZE + name.length + extraLength;
        if (!Arrays.equals(localName, name) || dataOffset + entry.compressedSize() > centralOffset) {
            return Optional.empty();
        }
        ByteBuffer extra = readAt(entry.localOffset() + ZipDirectory.LOCAL_SIZE + name.length, extraLength);
        if (extra == null) {
            return Optional.empty();
        }
        feed(entry.localOffset() + ZipDirectory.LOCAL_SIZE + name.length, extra);
        byte[] extraBytes = new byte[extraLength];
        extra.get(extraBytes);
        return Optional.of(new Local(entry, dataOffset, extraBytes));
    }

    /**
     * Feeds the entry's content to {@code digest}; returns the CRC-32 of its raw bytes.
     *
     * @throws FormatException when it does not inflate, or its length or CRC-32 differ from the
     *     central directory's
     */
    long digest(Local local, MessageDigest digest) throws IOException, FormatException {
        return read(local, digest::update);
    }

    /** The whole content of a small entry (a manifest), at most {@code limit} bytes. */
    byte[] readAll(Local local, int limit) throws IOException, FormatException {
        if (local.entry().size() > limit) {
            throw new FormatException("the JAR entry " + local.entry().name() + " is larger than " + limit + " bytes");
        }
        ByteArrayOutputStream out =
                new ByteArrayOutputStream((int) local.entry().size());
        read(local, b -> {
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            out.write(chunk, 0, chunk.length);
        });
        return out.toByteArray();
    }

    private long read(Local local, Consumer<ByteBuffer> sink) throws IOException, FormatException {
        ZipDirectory.Entry entry = local.entry();
        boolean stored = entry.method() == 0;
        contentCrc.reset();
        rawCrc.reset();
        inflater.reset();
        long position = local.dataOffset();
        long left = entry.compressedSize();
        long total = 0;
        while (left > 0) {
            raw.clear().limit((int) Math.min(raw.capacity(), left));
            int n = readRaw(raw, position);
            if (n <= 0) {
                throw malformed(entry, "is truncated");
            }
            raw.flip();
            feed(position, raw);
            position += n;
            left -= n;
            if (stored) {
                contentCrc.update(raw.duplicate());
                sink.accept(raw);
                total += n;
            } else {
                rawCrc.update(raw.duplicate());
                total += inflate(entry, sink);
            }
        }
        if (!stored && !inflater.finished()) {
            raw.clear().put((byte) 0).flip(); // the dummy byte zlib may want after raw deflate data
            total += inflate(entry, sink);
            if (!inflater.finished()) {
                throw malformed(entry, "does not inflate completely");
            }
        }
        if (total != entry.size() || contentCrc.getValue() != entry.crc()) {
            throw malformed(entry, "does not match its size or CRC-32");
        }
        return stored ? contentCrc.getValue() : rawCrc.getValue();
    }

    /**
     * From now on, feeds {@code digest} the file's bytes in file order as entries are read (local
     * headers and data, the bytes between them read on the way), so that {@link #fileDigest} can
     * give the whole file's digest without a second read.
     */
    void hashFile(MessageDigest digest) {
        this.fileDigest = digest;
        this.fedUpTo = 0;
        this.inFileOrder = true;
    }

    /**
     * The digest of the whole file ({@code fileSize} bytes) that {@link #hashFile} was given, after
     * reading what was not read (the bytes after the last entry: the central directory and end
     * record); empty when entries were read out of file order, so the caller hashes the file itself.
     *
     * @throws FormatException when the file is shorter than {@code fileSize}
     */
    Optional<byte[]> fileDigest(long fileSize) throws IOException, FormatException {
        if (fileDigest == null || !inFileOrder || fedUpTo > fileSize) {
            return Optional.empty();
        }
        feedGap(fileSize);
        return Optional.of(fileDigest.digest());
    }

    /** Feeds {@code bytes} (not consumed), which the file holds at {@code position}. */
    private void feed(long position, ByteBuffer bytes) throws IOException {
        if (fileDigest == null || !inFileOrder) {
            return;
        }
        if (position < fedUpTo) {
            inFileOrder = false;
            return;
        }
        try {
            feedGap(position);
        } catch (FormatException e) {
            inFileOrder = false; // the reads that follow report the short file themselves
            return;
        }
        fileDigest.update(bytes.duplicate());
        fedUpTo = position + bytes.remaining();
    }

    /** Reads and feeds the file's bytes from where feeding stopped up to {@code end}. */
    private void feedGap(long end) throws IOException, FormatException {
        while (fedUpTo < end) {
            int length = (int) Math.min(CHUNK, end - fedUpTo);
            ByteBuffer gap = readAt(fedUpTo, length);
            if (gap == null) {
                throw new FormatException("the JAR changed while it was read");
            }
            fileDigest.update(gap);
            fedUpTo += length;
        }
    }

    /** The bytes before the central directory, when there are at most {@link ZipDirectory#READ_WHOLE_AT_MOST}. */
    private static ByteBuffer readWhole(FileChannel channel, long length) throws IOException {
        return length <= ZipDirectory.READ_WHOLE_AT_MOST ? ZipDirectory.readAt(channel, 0, (int) length) : null;
    }

    /** {@code length} bytes at {@code position}, little-endian, or null when the file is shorter. */
    private ByteBuffer readAt(long position, int length) throws IOException {
        if (whole == null || position + length > whole.limit()) {
            return ZipDirectory.readAt(channel, position, length);
        }
        return whole.slice((int) position, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads the file's raw bytes into {@code buffer} from {@code position} (before the central
     * directory): the count, or -1 at the end.
     */
    int readRaw(ByteBuffer buffer, long position) throws IOException {
        if (whole == null) {
            return channel.read(buffer, position);
        }
        if (position >= whole.limit()) {
            return -1;
        }
        int n = (int) Math.min(buffer.remaining(), whole.limit() - position);
        buffer.put(whole.slice((int) position, n));
        return n;
    }

    private long inflate(ZipDirectory.Entry entry, Consumer<ByteBuffer> sink) throws FormatException {
        inflater.setInput(raw);
        long total = 0;
        try {
            while (!inflater.finished()) {
                inflated.clear();
                int n = inflater.inflate(inflated);
                if (n == 0) {
                    break; // needs input (or a dictionary, which a jar never has)
                }
                total += n;
                if (total > entry.size()) {
                    throw malformed(entry, "inflates to more than its size");
                }
                inflated.flip();
                contentCrc.update(inflated.duplicate());
                sink.accept(inflated);
            }
        } catch (DataFormatException e) {
            throw malformed(entry, "does not inflate (" + e.getMessage() + ")");
        }
        return total;
    }

    private static FormatException malformed(ZipDirectory.Entry entry, String problem) {
        return new FormatException("the JAR is malformed: the entry " + entry.name() + " " + problem);
    }

    @Override
    public void close() {
        inflater.end();
    }
}
