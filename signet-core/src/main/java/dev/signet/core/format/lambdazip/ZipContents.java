package dev.signet.core.format.lambdazip;

import dev.signet.core.format.FormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks that every entry of a {@link ZipLayout} holds what its headers declare: its data, inflated
 * (deflated entries) or read (stored ones), is exactly the declared uncompressed size with the
 * declared CRC-32, and a deflate stream ends exactly at the declared compressed size. So a zip that
 * {@code unzip -t} or Lambda would find corrupt, or whose headers understate what it unpacks to (a
 * "zip bomb" declaring 10 bytes that inflates to gigabytes), is refused.
 *
 * <p>Work is bounded: an entry is inflated only until it passes its declared size, and {@link
 * ZipLayout} already refused declared totals over {@link ZipLayout#MAX_UNCOMPRESSED}, so at most
 * that much (plus one buffer per entry) is ever inflated, in buffers of {@value #BUFFER} bytes: memory stays flat.
 * The compressed data is read into a direct buffer that the inflater (or the CRC, for stored entries)
 * reads in place.
 */
final class ZipContents {
    static final int BUFFER = 64 * 1024;

    private ZipContents() {}

    /** @throws FormatException naming the first entry whose data is not what its headers declare */
    static void check(FileChannel in, ZipLayout layout) throws IOException, FormatException {
        // direct: read from the page cache and inflated (or CRC'd) where it lands, with no copy to the heap
        ByteBuffer input = ByteBuffer.allocateDirect(BUFFER);
        byte[] output = new byte[BUFFER];
        Inflater inflater = new Inflater(true);
        try {
            for (ZipEntryInfo entry : layout.entries()) {
                CRC32 crc = new CRC32();
                long size = entry.method() == ZipEntryInfo.STORED
                        ? stored(in, entry, input, crc)
                        : inflated(in, entry, inflater, input, output, crc);
                String shown = ZipLayout.printable(entry.nameText());
                if (size != entry.uncompressedSize()) {
                    throw new FormatException("entry " + shown + " inflates to " + size + " bytes, not the "
                            + entry.uncompressedSize() + " its headers declare");
                }
                if (crc.getValue() != entry.crc()) {
                    throw new FormatException("entry " + shown + " has CRC-32 " + hex(crc.getValue()) + ", not the "
                            + hex(entry.crc()) + " its headers declare");
                }
            }
        } finally {
            inflater.end();
        }
    }

    private static long stored(FileChannel in, ZipEntryInfo entry, ByteBuffer input, CRC32 crc)
            throws IOException, FormatException {
        long done = 0;
        while (done < entry.compressedSize()) {
            int n = read(in, entry.dataOffset() + done, entry.compressedSize() - done, input);
            crc.update(input.flip());
            done += n;
        }
        return done;
    }

    /** Inflates the entry's data, stopping as soon as it passes the declared size. */
    private static long inflated(
            FileChannel in, ZipEntryInfo entry, Inflater inflater, ByteBuffer input, byte[] output, CRC32 crc)
            throws IOException, FormatException {
        String shown = ZipLayout.printable(entry.nameText());
        inflater.reset();
        long consumed = 0;
        long size = 0;
        boolean padded = false;
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (consumed < entry.compressedSize()) {
                        int n = read(in, entry.dataOffset() + consumed, entry.compressedSize() - consumed, input);
                        inflater.setInput(input.flip());
                        consumed += n;
                    } else if (!padded) {
                        // a raw deflate stream may need one byte past its end to report it (as ZipFile does)
                        inflater.setInput(new byte[1]);
                        padded = true;
                    } else {
                        throw new FormatException("entry " + shown + ": its deflate data is truncated");
                    }
                }
                if (inflater.needsDictionary()) {
                    throw new FormatException("entry " + shown + " is not valid deflate data: it needs a dictionary");
                }
                int n = inflater.inflate(output);
                if (n == 0 && !inflater.finished() && !inflater.needsInput() && !inflater.needsDictionary()) {
                    throw new FormatException("entry " + shown + " is not valid deflate data: it makes no progress");
                }
                crc.update(output, 0, n);
                size += n;
                if (size > entry.uncompressedSize()) {
                    throw new FormatException("entry " + shown + " inflates to more than the "
                            + entry.uncompressedSize() + " bytes its headers declare");
                }
            }
        } catch (DataFormatException e) {
            if (padded) {
                // the data ran out mid-stream; the byte added past it is not the entry's
                throw new FormatException("entry " + shown + ": its deflate data is truncated", e);
            }
            throw new FormatException("entry " + shown + " is not valid deflate data: " + e.getMessage(), e);
        }
        long unused = inflater.getRemaining() - (padded ? 1 : 0);
        if (consumed < entry.compressedSize() || unused > 0) {
            throw new FormatException("entry " + shown + ": its deflate data ends before its declared compressed size"
                    + " of " + entry.compressedSize() + " bytes");
        }
        return size;
    }

    private static int read(FileChannel in, long offset, long left, ByteBuffer buffer)
            throws IOException, FormatException {
        buffer.clear().limit((int) Math.min(buffer.capacity(), left));
        int n = in.read(buffer, offset);
        if (n <= 0) {
            throw new FormatException("the zip is truncated at offset " + offset);
        }
        return n;
    }

    private static String hex(long crc) {
        return String.format("%08x", crc);
    }
}
