package dev.signet.core.format.lambdazip;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The strictly parsed structure of a zip file, read from its end record and central directory
 * without reading any entry's data. Refuses (with a {@link FormatException} naming why) anything a
 * signature over "the zip" could be ambiguous about: data before the first local header, gaps or
 * overlaps between entries, data between the entries and the central directory, a central
 * directory that does not end at the end record, more than one possible end record, zip64
 * structures, split archives, duplicate or empty names, local headers that disagree with the
 * central directory (name, flags, method, CRC-32 and sizes; with a data descriptor, the descriptor
 * must repeat the central CRC-32 and sizes), compression methods other than stored and deflated,
 * encrypted entries, stored entries whose two sizes differ, more than {@link #MAX_ENTRIES} entries,
 * a central directory over {@link #MAX_CENTRAL_DIRECTORY} bytes, and declared uncompressed sizes
 * over {@link #MAX_UNCOMPRESSED} in total (what {@link ZipContents} inflates at most; not Lambda's
 * 250 MB deploy limit, which Lambda enforces: {@code docs/formats.md} says why). An archive without
 * entries is refused too. Whether the data holds what the headers declare is {@link
 * ZipContents}'s to check.
 */
record ZipLayout(
        List<ZipEntryInfo> entries, long centralOffset, long centralSize, long endOffset, byte[] comment, long size) {
    static final int LOCAL_SIG = 0x04034b50;
    static final int CENTRAL_SIG = 0x02014b50;
    static final int END_SIG = 0x06054b50;
    static final int DESCRIPTOR_SIG = 0x08074b50;
    static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    static final int END_LENGTH = 22;
    static final int LOCAL_LENGTH = 30;
    static final int CENTRAL_LENGTH = 46;
    static final int MAX_ENTRIES = 65_534;
    static final long MAX_CENTRAL_DIRECTORY = 16L << 20;
    /**
     * The most a zip may declare uncompressed in total, the work bound of {@link ZipContents}: 4 GiB,
     * what a zip without zip64 can hold stored.
     */
    static final long MAX_UNCOMPRESSED = 4L << 30;

    ZipLayout {
        entries = List.copyOf(entries);
        comment = comment.clone();
    }

    @Override
    public byte[] comment() {
        return comment.clone();
    }

    static ZipLayout read(Path file) throws FormatException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel);
        } catch (IOException e) {
            throw new FormatException("cannot read the zip: " + e.getMessage(), e);
        }
    }

    static ZipLayout read(FileChannel channel) throws IOException, FormatException {
        long size = channel.size();
        if (size < END_LENGTH) {
            throw new FormatException("not a zip: " + size + " bytes is shorter than an end record");
        }
        int tailLength = (int) Math.min(size, END_LENGTH + 0xFFFFL);
        ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        int endAt = findEnd(tail, tailLength);
        long endOffset = size - tailLength + endAt;
        if (endAt >= 20 && tail.getInt(endAt - 20) == ZIP64_LOCATOR_SIG) {
            throw new FormatException("zip64 archives are not supported");
        }
        int disk = u16(tail, endAt + 4);
        int centralDisk = u16(tail, endAt + 6);
        int entriesOnDisk = u16(tail, endAt + 8);
        int entryCount = u16(tail, endAt + 10);
        long centralSize = u32(tail, endAt + 12);
        long centralOffset = u32(tail, endAt + 16);
        int commentLength = u16(tail, endAt + 20);
        if (entryCount == 0xFFFF || centralSize == 0xFFFFFFFFL || centralOffset == 0xFFFFFFFFL) {
            throw new FormatException("zip64 archives are not supported");
        }
        if (disk != 0 || centralDisk != 0 || entriesOnDisk != entryCount) {
            throw new FormatException("split (multi-disk) zip archives are not supported");
        }
        if (entryCount == 0) {
            throw new FormatException("the zip is empty (it has no entries)");
        }
        if (entryCount > MAX_ENTRIES) {
            throw new FormatException("the zip has more than " + MAX_ENTRIES + " entries");
        }
        if (centralSize > MAX_CENTRAL_DIRECTORY) {
            throw new FormatException("the central directory is larger than " + MAX_CENTRAL_DIRECTORY + " bytes");
        }
        if (centralOffset + centralSize != endOffset) {
            throw new FormatException("the central directory does not end where the end record starts"
                    + " (truncated zip, or data between them)");
        }
        byte[] comment = new byte[commentLength];
        tail.get(endAt + END_LENGTH, comment);
        ByteBuffer central = readAt(channel, centralOffset, (int) centralSize);
        List<ZipEntryInfo> entries = parseCentral(channel, central, entryCount, centralOffset, size);
        checkContiguous(entries, centralOffset);
        return new ZipLayout(entries, centralOffset, centralSize, endOffset, comment, size);
    }

    /** Whether {@code other} describes the same entries at the same offsets, with the same headers and comment. */
    boolean sameAs(ZipLayout other) {
        if (centralOffset != other.centralOffset
                || centralSize != other.centralSize
                || endOffset != other.endOffset
                || size != other.size
                || !Arrays.equals(comment, other.comment)
                || entries.size() != other.entries.size()) {
            return false;
        }
        for (int i = 0; i < entries.size(); i++) {
            ZipEntryInfo a = entries.get(i);
            ZipEntryInfo b = other.entries.get(i);
            if (!a.named(b.name())
                    || a.localOffset() != b.localOffset()
                    || a.end() != b.end()
                    || a.centralOffset() != b.centralOffset()
                    || a.centralLength() != b.centralLength()
                    || a.uncompressedSize() != b.uncompressedSize()
                    || a.method() != b.method()
                    || a.crc() != b.crc()
                    || a.dataOffset() != b.dataOffset()
                    || a.compressedSize() != b.compressedSize()) {
                return false;
            }
        }
        return true;
    }

    /** The one end record that ends exactly at the end of the file; refuses none or several. */
    private static int findEnd(ByteBuffer tail, int tailLength) throws FormatException {
        int found = -1;
        for (int at = tailLength - END_LENGTH; at >= 0; at--) {
            if (tail.getInt(at) == END_SIG && at + END_LENGTH + u16(tail, at + 20) == tailLength) {
                if (found >= 0) {
                    throw new FormatException("the zip has more than one possible end record");
                }
                found = at;
            }
        }
        if (found < 0) {
            throw new FormatException("not a zip, or truncated, or followed by extra data: no end record"
                    + " ends at the end of the file");
        }
        return found;
    }

    private static List<ZipEntryInfo> parseCentral(
            FileChannel channel, ByteBuffer central, int entryCount, long centralOffset, long size)
            throws IOException, FormatException {
        List<ZipEntryInfo> entries = new ArrayList<>(entryCount);
        Set<String> names = new HashSet<>();
        long uncompressedTotal = 0;
        int at = 0;
        for (int i = 0; i < entryCount; i++) {
            if (at + CENTRAL_LENGTH > central.limit() || central.getInt(at) != CENTRAL_SIG) {
                throw new FormatException("central directory header " + i + " is missing or truncated");
            }
            int flags = u16(central, at + 8);
            int method = u16(central, at + 10);
            long crc = u32(central, at + 16);
            long compressed = u32(central, at + 20);
            long uncompressed = u32(central, at + 24);
            int nameLength = u16(central, at + 28);
            int extraLength = u16(central, at + 30);
            int commentLength = u16(central, at + 32);
            int startDisk = u16(central, at + 34);
            long localOffset = u32(central, at + 42);
            int length = CENTRAL_LENGTH + nameLength + extraLength + commentLength;
            if (at + length > central.limit()) {
                throw new FormatException("central directory header " + i + " runs past the central directory");
            }
            if (compressed == 0xFFFFFFFFL || uncompressed == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL) {
                throw new FormatException("zip64 entries are not supported");
            }
            if (startDisk != 0) {
                throw new FormatException("split (multi-disk) zip archives are not supported");
            }
            if (nameLength == 0) {
                throw new FormatException("central directory header " + i + " has an empty name");
            }
            byte[] name = new byte[nameLength];
            central.get(at + CENTRAL_LENGTH, name);
            String shown = printable(new String(name, java.nio.charset.StandardCharsets.UTF_8));
            if (!names.add(new String(name, java.nio.charset.StandardCharsets.UTF_8))) {
                throw new FormatException("the zip has two entries named " + shown);
            }
            checkMethod(shown, flags, method, compressed, uncompressed);
            uncompressedTotal += uncompressed;
            if (uncompressedTotal > MAX_UNCOMPRESSED) {
                throw new FormatException("the zip declares more than " + MAX_UNCOMPRESSED
                        + " bytes (4 GiB) uncompressed (entry " + shown + " declares " + uncompressed + ")");
            }
            Declared declared = new Declared(flags, method, crc, compressed, uncompressed);
            long dataOffset = dataOffset(channel, name, declared, localOffset, centralOffset);
            long end = dataEnd(channel, shown, declared, dataOffset, centralOffset);
            entries.add(new ZipEntryInfo(
                    name,
                    localOffset,
                    end,
                    centralOffset + at,
                    length,
                    uncompressed,
                    method,
                    crc,
                    dataOffset,
                    compressed));
            at += length;
        }
        if (at != central.limit()) {
            throw new FormatException("the central directory holds more than its " + entryCount + " entries");
        }
        return entries;
    }

    /** What a central directory header declares about an entry's data. */
    private record Declared(int flags, int method, long crc, long compressed, long uncompressed) {
        boolean hasDescriptor() {
            return (flags & 0x08) != 0;
        }
    }

    /** Refuses methods Lambda cannot unpack, encryption, and stored entries whose two sizes differ. */
    private static void checkMethod(String shown, int flags, int method, long compressed, long uncompressed)
            throws FormatException {
        if ((flags & 0x41) != 0) {
            throw new FormatException("entry " + shown + " is encrypted, which is not supported");
        }
        if (method != ZipEntryInfo.STORED && method != ZipEntryInfo.DEFLATED) {
            throw new FormatException("entry " + shown + " uses compression method " + method
                    + "; only stored (0) and deflated (8) entries are supported");
        }
        if (method == ZipEntryInfo.STORED && compressed != uncompressed) {
            throw new FormatException("entry " + shown + " is stored, yet its compressed size " + compressed
                    + " differs from its size " + uncompressed);
        }
    }

    /**
     * Checks the local header against the central one (name, flags, method, and CRC-32 and sizes:
     * equal, or all zero when a data descriptor follows the data); returns the offset of the data.
     */
    private static long dataOffset(
            FileChannel channel, byte[] name, Declared declared, long localOffset, long centralOffset)
            throws IOException, FormatException {
        String shown = printable(new String(name, java.nio.charset.StandardCharsets.UTF_8));
        if (localOffset + LOCAL_LENGTH + name.length > centralOffset) {
            throw new FormatException("entry " + shown + " starts past the entries area");
        }
        ByteBuffer local = readAt(channel, localOffset, LOCAL_LENGTH + name.length);
        if (local.getInt(0) != LOCAL_SIG) {
            throw new FormatException("entry " + shown + " has no local header at offset " + localOffset);
        }
        byte[] localName = new byte[name.length];
        local.get(LOCAL_LENGTH, localName);
        if (u16(local, 26) != name.length || !Arrays.equals(localName, name)) {
            throw new FormatException("entry " + shown + ": the local header names another entry");
        }
        long crc = u32(local, 14);
        long compressed = u32(local, 18);
        long uncompressed = u32(local, 22);
        boolean sameValues =
                crc == declared.crc() && compressed == declared.compressed() && uncompressed == declared.uncompressed();
        boolean deferred = declared.hasDescriptor() && crc == 0 && compressed == 0 && uncompressed == 0;
        if (u16(local, 6) != declared.flags() || u16(local, 8) != declared.method() || !(sameValues || deferred)) {
            throw new FormatException("entry " + shown + ": local and central headers disagree");
        }
        return localOffset + LOCAL_LENGTH + name.length + u16(local, 28);
    }

    /**
     * The offset past the entry's data and data descriptor. A descriptor (12 bytes, or 16 with its
     * optional signature) must repeat the central CRC-32 and sizes.
     */
    private static long dataEnd(
            FileChannel channel, String shown, Declared declared, long dataOffset, long centralOffset)
            throws IOException, FormatException {
        long dataEnd = dataOffset + declared.compressed();
        if (dataEnd > centralOffset) {
            throw new FormatException("entry " + shown + " declares " + declared.compressed()
                    + " compressed bytes, more than the zip holds");
        }
        if (!declared.hasDescriptor()) {
            return dataEnd;
        }
        if (dataEnd + 16 <= centralOffset) {
            ByteBuffer withSignature = readAt(channel, dataEnd, 16);
            if (withSignature.getInt(0) == DESCRIPTOR_SIG && describes(withSignature, 4, declared)) {
                return dataEnd + 16;
            }
        }
        if (dataEnd + 12 <= centralOffset && describes(readAt(channel, dataEnd, 12), 0, declared)) {
            return dataEnd + 12;
        }
        throw new FormatException("entry " + shown + ": its data descriptor disagrees with the central directory");
    }

    private static boolean describes(ByteBuffer descriptor, int at, Declared declared) {
        return u32(descriptor, at) == declared.crc()
                && u32(descriptor, at + 4) == declared.compressed()
                && u32(descriptor, at + 8) == declared.uncompressed();
    }

    private static void checkContiguous(List<ZipEntryInfo> entries, long centralOffset) throws FormatException {
        List<ZipEntryInfo> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(ZipEntryInfo::localOffset));
        long expected = 0;
        for (ZipEntryInfo e : byOffset) {
            if (e.localOffset() != expected) {
                throw new FormatException(
                        e.localOffset() < expected
                                ? "entry " + printable(e.nameText()) + " overlaps the entry before it"
                                : "the zip has " + (e.localOffset() - expected) + " unaccounted bytes at offset "
                                        + expected + (expected == 0 ? " (data before the first entry)" : ""));
            }
            expected = e.end();
        }
        if (expected != centralOffset) {
            throw new FormatException(
                    expected > centralOffset
                            ? "the last entry overlaps the central directory"
                            : "the zip has " + (centralOffset - expected)
                                    + " unaccounted bytes before the central directory");
        }
    }

    static ByteBuffer readAt(FileChannel channel, long offset, int length) throws IOException, FormatException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        long position = offset;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new FormatException("the zip is truncated at offset " + position);
            }
            position += n;
        }
        return buffer.flip();
    }

    static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    static String printable(String name) {
        String cleaned = name.codePoints()
                .map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return "'" + (cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned) + "'";
    }
}
