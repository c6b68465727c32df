package dev.signet.core.format.lambdazip;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The exact bytes Signet writes around the signature block: the stored entry {@code
 * META-INF/signet.sig} (local header, central directory header) and the new end record. Every field
 * is fixed or derived from the block and the original zip, so a verifier regenerates them and
 * compares byte for byte; see {@code docs/formats.md}.
 */
final class SignatureEntry {
    static final byte[] NAME = "META-INF/signet.sig".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 10;
    /** 1980-01-01 00:00:00 in MS-DOS date and time. */
    static final int DOS_DATE = 0x0021;

    static final int DOS_TIME = 0;

    private SignatureEntry() {}

    static int localLength() {
        return ZipLayout.LOCAL_LENGTH + NAME.length;
    }

    static int centralLength() {
        return ZipLayout.CENTRAL_LENGTH + NAME.length;
    }

    static byte[] localHeader(byte[] block) {
        ByteBuffer b = buffer(localLength());
        b.putInt(ZipLayout.LOCAL_SIG);
        common(b, block);
        b.putShort((short) 0); // extra length
        b.put(NAME);
        return b.array();
    }

    static byte[] centralHeader(byte[] block, long localOffset) {
        ByteBuffer b = buffer(centralLength());
        b.putInt(ZipLayout.CENTRAL_SIG);
        b.putShort((short) VERSION); // version made by: MS-DOS, 1.0
        common(b, block);
        b.putShort((short) 0); // extra length
        b.putShort((short) 0); // comment length
        b.putShort((short) 0); // disk number start
        b.putShort((short) 0); // internal attributes
        b.putInt(0); // external attributes
        b.putInt((int) localOffset);
        b.put(NAME);
        return b.array();
    }

    static byte[] endRecord(int entries, long centralSize, long centralOffset, byte[] comment) {
        ByteBuffer b = buffer(ZipLayout.END_LENGTH + comment.length);
        b.putInt(ZipLayout.END_SIG);
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.putShort((short) entries);
        b.putShort((short) entries);
        b.putInt((int) centralSize);
        b.putInt((int) centralOffset);
        b.putShort((short) comment.length);
        b.put(comment);
        return b.array();
    }

    /** version needed, flags, method (stored), time, date, CRC-32, sizes, name length. */
    private static void common(ByteBuffer b, byte[] block) {
        CRC32 crc = new CRC32();
        crc.update(block);
        b.putShort((short) VERSION);
        b.putShort((short) 0);
        b.putShort((short) 0);
        b.putShort((short) DOS_TIME);
        b.putShort((short) DOS_DATE);
        b.putInt((int) crc.getValue());
        b.putInt(block.length);
        b.putInt(block.length);
        b.putShort((short) NAME.length);
    }

    private static ByteBuffer buffer(int length) {
        return ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    }
}
