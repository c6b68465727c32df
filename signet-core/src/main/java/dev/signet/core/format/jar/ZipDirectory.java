package dev.signet.core.format.jar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The central directory of a plain zip, read strictly: one disk, no zip64, no data before the first
 * entry or after the end record and its comment, no encryption, methods stored and deflated only,
 * unique UTF-8 names without line breaks or NUL, sizes and offsets inside the file. The end record
 * is the last one in the file, as the JDK finds it, and its comment must reach exactly the file's
 * end (a comment holding an end record's signature is not read). {@link #read} returns empty for
 * anything else, so the caller can take a path that handles every zip the JDK reads. Reads at most
 * {@link #MAX_ENTRIES} entries.
 *
 * @param comment the zip comment, as stored (empty for none)
 */
record ZipDirectory(List<Entry> entries, long centralOffset, byte[] comment) {
    static final int MAX_ENTRIES = 65_535;
    static final int END_SIZE = 22;
    static final int CENTRAL_SIZE = 46;
    static final int LOCAL_SIZE = 30;
    static final int END_SIGNATURE = 0x06054b50;
    static final int CENTRAL_SIGNATURE = 0x02014b50;
    static final int LOCAL_SIGNATURE = 0x04034b50;
    static final int FLAG_ENCRYPTED = 0x0001;
    static final int FLAG_DATA_DESCRIPTOR = 0x0008;
    static final int FLAG_UTF8 = 0x0800;

    static final int MAX_COMMENT = 0xFFFF;
    static final int READ_WHOLE_AT_MOST = 1 << 20;

    ZipDirectory {
        entries = List.copyOf(entries);
        comment = comment.clone();
    }

    @Override
    public byte[] comment() {
        return comment.clone();
    }

    /**
     * One central directory record; {@code extra} and {@code comment} as stored, {@code flags}
     * without the data-descriptor bit (sizes are known).
     */
    record Entry(
            String name,
            byte[] rawName,
            int versionMadeBy,
            int versionNeeded,
            int flags,
            int method,
            int dosTime,
            int dosDate,
            long crc,
            long compressedSize,
            long size,
            byte[] extra,
            byte[] comment,
            int internalAttributes,
            long externalAttributes,
            long localOffset) {

        boolean isDirectory() {
            return name.endsWith("/");
        }
    }

    static Optional<ZipDirectory> read(FileChannel channel) throws IOException {
        return read(channel, readWhole(channel));
    }

    /**
     * The whole file, read in one call, when it has at most {@link #READ_WHOLE_AT_MOST} bytes; null
     * for a larger file (or one that shrank while being read).
     */
    static ByteBuffer readWhole(FileChannel channel) throws IOException {
        long size = channel.size();
        return size <= READ_WHOLE_AT_MOST ? readAt(channel, 0, (int) size) : null;
    }

    /**
     * As {@link #read(FileChannel)}, taking the file's bytes from {@code whole} (what {@link
     * #readWhole} read) when it is not null, so a small jar is read from the file once.
     */
    static Optional<ZipDirectory> read(FileChannel channel, ByteBuffer whole) throws IOException {
        long fileSize = whole == null ? channel.size() : whole.limit();
        if (fileSize < END_SIZE || fileSize > 0xFFFFFFFFL) {
            return Optional.empty();
        }
        int tailLength = (int) Math.min(fileSize, END_SIZE + MAX_COMMENT);
        ByteBuffer tail = readAt(channel, whole, fileSize - tailLength, tailLength);
        int at = tail == null ? -1 : lastEndSignature(tail);
        if (at < 0 || at + END_SIZE + u16(tail, at + 20) != tailLength) {
            return Optional.empty(); // no end record, or bytes after its comment
        }
        ByteBuffer end = tail.slice(at, END_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        byte[] comment = bytes(tail, at + END_SIZE, tailLength - at - END_SIZE);
        long endOffset = fileSize - tailLength + at;
        int disk = u16(end, 4);
        int centralDisk = u16(end, 6);
        int onDisk = u16(end, 8);
        int total = u16(end, 10);
        long centralSize = u32(end, 12);
        long centralOffset = u32(end, 16);
        if (disk != 0
                || centralDisk != 0
                || onDisk != total
                || total == 0xFFFF
                || centralOffset + centralSize != endOffset) {
            return Optional.empty();
        }
        ByteBuffer central = readAt(channel, whole, centralOffset, (int) centralSize);
        if (central == null) {
            return Optional.empty();
        }
        List<Entry> entries = new ArrayList<>(total);
        Set<String> names = new HashSet<>();
        int pos = 0;
        for (int i = 0; i < total; i++) {
            Optional<Entry> entry = entry(central, pos, centralOffset);
            if (entry.isEmpty() || !names.add(entry.get().name())) {
                return Optional.empty();
            }
            entries.add(entry.get());
            pos += CENTRAL_SIZE
                    + entry.get().rawName().length
                    + entry.get().extra().length
                    + entry.get().comment().length;
        }
        if (pos != centralSize || (total > 0 && entries.get(0).localOffset() != 0)) {
            return Optional.empty();
        }
        return Optional.of(new ZipDirectory(entries, centralOffset, comment));
    }

    /** Where the last end record signature in {@code tail} starts, or -1. */
    private static int lastEndSignature(ByteBuffer tail) {
        for (int i = tail.limit() - END_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == END_SIGNATURE) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<Entry> entry(ByteBuffer cd, int pos, long centralOffset) {
        if (pos + CENTRAL_SIZE > cd.limit() || cd.getInt(pos) != CENTRAL_SIGNATURE) {
            return Optional.empty();
        }
        int flags = u16(cd, pos + 8);
        int method = u16(cd, pos + 10);
        long compressed = u32(cd, pos + 20);
        long size = u32(cd, pos + 24);
        int nameLength = u16(cd, pos + 28);
        int extraLength = u16(cd, pos + 30);
        int commentLength = u16(cd, pos + 32);
        long localOffset = u32(cd, pos + 42);
        int variable = pos + CENTRAL_SIZE;
        if ((flags & FLAG_ENCRYPTED) != 0
                || (method != 0 && method != 8)
                || (method == 0 && compressed != size)
                || u16(cd, pos + 34) != 0
                || nameLength == 0
                || variable + nameLength + extraLength + commentLength > cd.limit()
                || localOffset + LOCAL_SIZE + nameLength + compressed > centralOffset) {
            return Optional.empty();
        }
        byte[] rawName = bytes(cd, variable, nameLength);
        byte[] extra = bytes(cd, variable + nameLength, extraLength);
        Optional<String> name = name(rawName);
        if (name.isEmpty() || hasZip64(extra)) {
            return Optional.empty();
        }
        return Optional.of(new Entry(
                name.get(),
                rawName,
                u16(cd, pos + 4),
                u16(cd, pos + 6),
                flags & ~FLAG_DATA_DESCRIPTOR,
                method,
                u16(cd, pos + 12),
                u16(cd, pos + 14),
                u32(cd, pos + 16),
                compressed,
                size,
                extra,
                bytes(cd, variable + nameLength + extraLength, commentLength),
                u16(cd, pos + 36),
                u32(cd, pos + 38),
                localOffset));
    }

    private static Optional<String> name(byte[] raw) {
        if (plainAscii(raw)) {
            return Optional.of(new String(raw, StandardCharsets.ISO_8859_1)); // UTF-8 decodes it alike
        }
        try {
            String name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
            boolean clean = name.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
            return clean ? Optional.of(name) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** Whether every byte is ASCII and none is NUL, CR or LF. */
    static boolean plainAscii(byte[] raw) {
        for (byte b : raw) {
            if (b <= 0 || b == '\r' || b == '\n') {
                return false;
            }
        }
        return true;
    }

    private static boolean hasZip64(byte[] extra) {
        ByteBuffer b = ByteBuffer.wrap(extra).order(ByteOrder.LITTLE_ENDIAN);
        int pos = 0;
        while (pos + 4 <= extra.length) {
            if (u16(b, pos) == 0x0001) {
                return true;
            }
            pos += 4 + u16(b, pos + 2);
        }
        return false;
    }

    /** As {@link #readAt(FileChannel, long, int)}, sliced from {@code whole} when it is not null. */
    private static ByteBuffer readAt(FileChannel channel, ByteBuffer whole, long position, int length)
            throws IOException {
        if (whole == null) {
            return readAt(channel, position, length);
        }
        return position + length > whole.limit()
                ? null
                : whole.slice((int) position, length).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code length} bytes at {@code position}, little-endian, or null when the file is shorter. */
    static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }

    static int u16(ByteBuffer b, int pos) {
        return Short.toUnsignedInt(b.getShort(pos));
    }

    static long u32(ByteBuffer b, int pos) {
        return Integer.toUnsignedLong(b.getInt(pos));
    }

    private static byte[] bytes(ByteBuffer b, int pos, int length) {
        byte[] out = new byte[length];
        b.get(pos, out);
        return out;
    }
}
