package dev.signet.core.format.lambdazip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Hand-built zips whose headers say whatever a test wants: each entry's central values (CRC-32,
 * sizes, method, flags) are given, the local header repeats them unless told otherwise, and a data
 * descriptor is written only when given. Nothing here checks anything.
 */
final class RawZip {
    private RawZip() {}

    /** One entry as written; fields are public so a test can make any of them lie. */
    static final class Entry {
        final String name;
        int method;
        int flags;
        byte[] data;
        long crc;
        long compressed;
        long uncompressed;
        /** Local header values when they differ from the central ones. */
        Long localCrc;

        Long localCompressed;
        Long localUncompressed;
        /** Written after the data when not null (a data descriptor). */
        byte[] descriptor;

        Entry(String name, int method, byte[] data, long crc, long uncompressed) {
            this.name = name;
            this.method = method;
            this.data = data;
            this.crc = crc;
            this.compressed = data.length;
            this.uncompressed = uncompressed;
        }
    }

    /** An honest stored entry. */
    static Entry stored(String name, byte[] content) {
        return new Entry(name, 0, content, crc(content), content.length);
    }

    /** An honest deflated entry. */
    static Entry deflated(String name, byte[] content) {
        return new Entry(name, 8, deflate(content), crc(content), content.length);
    }

    /** A data descriptor with its signature: CRC-32, compressed size, uncompressed size. */
    static byte[] descriptor(long crc, long compressed, long uncompressed) {
        return le(16).putInt(ZipLayout.DESCRIPTOR_SIG)
                .putInt((int) crc)
                .putInt((int) compressed)
                .putInt((int) uncompressed)
                .array();
    }

    static byte[] build(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            int offset = out.size();
            out.writeBytes(le(30).putInt(ZipLayout.LOCAL_SIG)
                    .putShort((short) 20)
                    .putShort((short) e.flags)
                    .putShort((short) e.method)
                    .putShort((short) 0)
                    .putShort((short) 0x0021)
                    .putInt((int) (e.localCrc == null ? e.crc : e.localCrc))
                    .putInt((int) (e.localCompressed == null ? e.compressed : e.localCompressed))
                    .putInt((int) (e.localUncompressed == null ? e.uncompressed : e.localUncompressed))
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .array());
            out.writeBytes(name);
            out.writeBytes(e.data);
            if (e.descriptor != null) {
                out.writeBytes(e.descriptor);
            }
            central.writeBytes(le(46).putInt(ZipLayout.CENTRAL_SIG)
                    .putShort((short) 20)
                    .putShort((short) 20)
                    .putShort((short) e.flags)
                    .putShort((short) e.method)
                    .putShort((short) 0)
                    .putShort((short) 0x0021)
                    .putInt((int) e.crc)
                    .putInt((int) e.compressed)
                    .putInt((int) e.uncompressed)
                    .putShort((short) name.length)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putShort((short) 0)
                    .putInt(0)
                    .putInt(offset)
                    .array());
            central.writeBytes(name);
        }
        int centralOffset = out.size();
        out.writeBytes(central.toByteArray());
        out.writeBytes(le(22).putInt(ZipLayout.END_SIG)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) entries.size())
                .putShort((short) entries.size())
                .putInt(central.size())
                .putInt(centralOffset)
                .putShort((short) 0)
                .array());
        return out.toByteArray();
    }

    static long crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }

    static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /**
     * A raw deflate stream of {@code mebibytes} MiB of zeros, built in milliseconds: one MiB of zeros
     * deflated with a full flush (byte-aligned, no history kept) repeated, then an empty final
     * block. 2048 MiB deflates to about 2 MB.
     */
    static byte[] zerosBomb(int mebibytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
            chunk.write(buffer, 0, n);
        } while (n == buffer.length);
        deflater.end();
        byte[] one = chunk.toByteArray();
        byte[] out = Arrays.copyOf(one, one.length * mebibytes + 2);
        for (int i = 1; i < mebibytes; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        // a final fixed-Huffman block holding only its end-of-block code
        out[out.length - 2] = 0x03;
        out[out.length - 1] = 0x00;
        return out;
    }

    private static ByteBuffer le(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
