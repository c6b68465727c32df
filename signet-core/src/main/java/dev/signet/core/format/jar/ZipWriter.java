package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a plain zip (no zip64, no data descriptors) to a stream: new entries from bytes,
 * and entries of another zip copied with their compressed data as-is (not inflated and deflated
 * again), then the central directory. A copy checks the CRC-32 of the bytes it copied against the
 * one the reader computed, so the output holds exactly what was digested. Does not close the
 * stream; close the writer.
 */
final class ZipWriter implements AutoCloseable {
    private static final int VERSION = 20;
    /**
     * New entries ({@link #add}) smaller than this are written as stored blocks inside DEFLATE (the
     * entry is still method 8, as jarsigner writes it): zlib took 13 us per 2 KiB of manifest, more
     * than half a small jar's signature check, to save a few hundred bytes of labels around digests
     * that do not compress, and about 15 us per KiB of a signature block, 18-19% of a small jar's
     * sign, to save about a tenth of certificates that barely compress. Larger entries are
     * compressed.
     */
    static final int COMPRESS_FROM = 64 * 1024;
    /** The most bytes one stored DEFLATE block holds. */
    private static final int MAX_STORED = 0xFFFF;

    private final OutputStream out;
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private byte[] copyBuffer = new byte[0];
    // one deflater for the few entries a writer adds, made when first needed: zlib's state is costly
    private Deflater deflater;
    private long written;
    private int count;

    ZipWriter(OutputStream out) {
        this.out = out;
    }

    /** Bytes of a local header, its data and its central record, for sizing the output in advance. */
    static long footprint(int nameLength, int localExtra, int centralVariable, long compressedSize) {
        return ZipDirectory.LOCAL_SIZE
                + nameLength
                + localExtra
                + compressedSize
                + ZipDirectory.CENTRAL_SIZE
                + nameLength
                + centralVariable;
    }

    /**
     * A new entry (method 8, as jarsigner writes it) of {@code data} stamped with {@code time}: the
     * manifest, signature file and signature block. Compressed only from {@link #COMPRESS_FROM}
     * bytes; smaller ones go out as stored blocks, written here without zlib.
     */
    void add(String name, byte[] data, Instant time) throws IOException {
        addDeflated(name, data, data.length < COMPRESS_FROM ? stored(data) : deflate(data), time);
    }

    /** A new entry (method 8) of {@code data} stamped with {@code time}: {@code deflated} inflates to it. */
    private void addDeflated(String name, byte[] data, byte[] deflated, Instant time) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(data);
        int dos = dosDateTime(time);
        byte[] rawName = name.getBytes(StandardCharsets.UTF_8);
        ZipDirectory.Entry entry = new ZipDirectory.Entry(
                name,
                rawName,
                VERSION,
                VERSION,
                ZipDirectory.FLAG_UTF8,
                8,
                dos & 0xffff,
                dos >>> 16,
                crc.getValue(),
                deflated.length,
                data.length,
                new byte[0],
                new byte[0],
                0,
                0,
                0);
        long offset = written;
        writeLocal(entry, new byte[0]);
        out.write(deflated);
        written += deflated.length;
        writeCentral(entry, offset);
    }

    /** {@code data} as a raw DEFLATE stream at zlib's default level, through this writer's deflater. */
    private byte[] deflate(byte[] data) {
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        deflater.reset();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(data.length / 2 + 64);
        byte[] buffer = buffer(Math.min(1 << 16, data.length + 64));
        while (!deflater.finished()) {
            int n = deflater.deflate(buffer);
            compressed.write(buffer, 0, n);
        }
        return compressed.toByteArray();
    }

    /**
     * {@code data} as a raw DEFLATE stream of stored blocks (RFC 1951 section 3.2.4: a byte holding
     * the block header, LEN and its complement, then the bytes), the last block final.
     */
    static byte[] stored(byte[] data) {
        int blocks = Math.max(1, (data.length + MAX_STORED - 1) / MAX_STORED);
        ByteBuffer out = le(data.length + 5 * blocks);
        int at = 0;
        for (int b = 0; b < blocks; b++) {
            int length = Math.min(MAX_STORED, data.length - at);
            out.put((byte) (b == blocks - 1 ? 1 : 0)).putShort((short) length).putShort((short) ~length);
            out.put(data, at, length);
            at += length;
        }
        return out.array();
    }

    /**
     * Copies an entry of {@code from} with its raw data.
     *
     * @throws FormatException when the bytes copied are not the ones read before (the file changed)
     */
    void copy(ZipEntryReader from, ZipEntryReader.Local local, long rawCrc) throws IOException, FormatException {
        long offset = written;
        writeLocal(local.entry(), local.extra());
        CRC32 crc = new CRC32();
        byte[] copyBuffer = buffer((int) Math.min(1 << 16, local.entry().compressedSize()));
        ByteBuffer buffer = ByteBuffer.wrap(copyBuffer);
        long position = local.dataOffset();
        long left = local.entry().compressedSize();
        while (left > 0) {
            buffer.clear().limit((int) Math.min(copyBuffer.length, left));
            int n = from.readRaw(buffer, position);
            if (n <= 0) {
                throw new FormatException(
                        "the JAR changed while it was signed (" + local.entry().name() + ")");
            }
            crc.update(copyBuffer, 0, n);
            out.write(copyBuffer, 0, n);
            position += n;
            left -= n;
            written += n;
        }
        if (crc.getValue() != rawCrc) {
            throw new FormatException(
                    "the JAR changed while it was signed (" + local.entry().name() + ")");
        }
        writeCentral(local.entry(), offset);
    }

    /** Writes the central directory and the end record. */
    void finish() throws IOException {
        finish(new byte[0]);
    }

    /** Writes the central directory and the end record with {@code comment} (at most 65,535 bytes). */
    void finish(byte[] comment) throws IOException {
        if (comment.length > ZipDirectory.MAX_COMMENT) {
            throw new IllegalArgumentException("a zip comment is at most 65535 bytes");
        }
        long centralOffset = written;
        central.writeTo(out);
        ByteBuffer end = le(ZipDirectory.END_SIZE);
        end.putInt(ZipDirectory.END_SIGNATURE).putShort((short) 0).putShort((short) 0);
        end.putShort((short) count).putShort((short) count);
        end.putInt((int) central.size()).putInt((int) centralOffset).putShort((short) comment.length);
        out.write(end.array());
        out.write(comment);
        written += central.size() + ZipDirectory.END_SIZE + comment.length;
    }

    /** A scratch buffer of at least {@code size} bytes. */
    private byte[] buffer(int size) {
        if (copyBuffer.length < size) {
            copyBuffer = new byte[Math.max(size, 4096)];
        }
        return copyBuffer;
    }

    /** Frees the deflater; the stream stays open. */
    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
        }
    }

    long written() {
        return written;
    }

    private void writeLocal(ZipDirectory.Entry e, byte[] extra) throws IOException {
        if (written > 0xFFFFFFFFL || count >= ZipDirectory.MAX_ENTRIES) {
            throw new IOException("the signed JAR would need zip64");
        }
        ByteBuffer h = le(ZipDirectory.LOCAL_SIZE);
        h.putInt(ZipDirectory.LOCAL_SIGNATURE)
                .putShort((short) e.versionNeeded())
                .putShort((short) e.flags());
        h.putShort((short) e.method()).putShort((short) e.dosTime()).putShort((short) e.dosDate());
        h.putInt((int) e.crc()).putInt((int) e.compressedSize()).putInt((int) e.size());
        h.putShort((short) e.rawName().length).putShort((short) extra.length);
        out.write(h.array());
        out.write(e.rawName());
        out.write(extra);
        written += ZipDirectory.LOCAL_SIZE + e.rawName().length + extra.length;
    }

    private void writeCentral(ZipDirectory.Entry e, long offset) throws IOException {
        ByteBuffer c = le(ZipDirectory.CENTRAL_SIZE);
        c.putInt(ZipDirectory.CENTRAL_SIGNATURE).putShort((short) e.versionMadeBy());
        c.putShort((short) e.versionNeeded()).putShort((short) e.flags()).putShort((short) e.method());
        c.putShort((short) e.dosTime()).putShort((short) e.dosDate()).putInt((int) e.crc());
        c.putInt((int) e.compressedSize()).putInt((int) e.size()).putShort((short) e.rawName().length);
        c.putShort((short) e.extra().length)
                .putShort((short) e.comment().length)
                .putShort((short) 0);
        c.putShort((short) e.internalAttributes())
                .putInt((int) e.externalAttributes())
                .putInt((int) offset);
        central.write(c.array());
        central.write(e.rawName());
        central.write(e.extra());
        central.write(e.comment());
        count++;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** MS-DOS date (high 16 bits) and time (low 16 bits) in the local time zone, as java.util.zip reads it. */
    static int dosDateTime(Instant time) {
        LocalDateTime t = LocalDateTime.ofInstant(time, ZoneId.systemDefault());
        if (t.getYear() < 1980) {
            return (1 << 21) | (1 << 16);
        }
        int date = (t.getYear() - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth();
        int clock = t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() >> 1;
        return date << 16 | clock;
    }
}
