package dev.signet.core.format.authenticode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal valid PE32 console executable built byte by byte (no fixture file): DOS header, PE
 * signature, COFF header, a 224-byte optional header with 16 empty data directories, one {@code
 * .text} section of 512 bytes holding {@code ret}. 1024 bytes in all.
 */
public final class TestPe {
    private TestPe() {}

    public static byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(0x400).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'M').put(1, (byte) 'Z');
        b.putInt(0x3C, 0x40);
        b.position(0x40);
        b.put(new byte[] {'P', 'E', 0, 0});
        b.putShort((short) 0x014C); // i386
        b.putShort((short) 1); // sections
        b.putInt(0); // timestamp
        b.putInt(0);
        b.putInt(0);
        b.putShort((short) 0xE0); // size of optional header
        b.putShort((short) 0x0102); // executable, 32-bit
        b.putShort((short) 0x010B); // PE32
        b.put((byte) 14).put((byte) 0); // linker version
        b.putInt(0x200); // size of code
        b.putInt(0);
        b.putInt(0);
        b.putInt(0x1000); // entry point
        b.putInt(0x1000); // base of code
        b.putInt(0x2000); // base of data
        b.putInt(0x400000); // image base
        b.putInt(0x1000); // section alignment
        b.putInt(0x200); // file alignment
        b.putShort((short) 6).putShort((short) 0); // OS version
        b.putShort((short) 0).putShort((short) 0); // image version
        b.putShort((short) 6).putShort((short) 0); // subsystem version
        b.putInt(0); // win32 version
        b.putInt(0x2000); // size of image
        b.putInt(0x200); // size of headers
        b.putInt(0); // checksum
        b.putShort((short) 3); // console subsystem
        b.putShort((short) 0x8140); // DLL characteristics: dynamic base, NX, terminal server aware
        b.putInt(0x100000).putInt(0x1000).putInt(0x100000).putInt(0x1000); // stack and heap
        b.putInt(0); // loader flags
        b.putInt(16); // data directories
        b.position(b.position() + 16 * 8);
        b.put(new byte[] {'.', 't', 'e', 'x', 't', 0, 0, 0});
        b.putInt(0x10); // virtual size
        b.putInt(0x1000); // virtual address
        b.putInt(0x200); // raw size
        b.putInt(0x200); // raw pointer
        b.putInt(0).putInt(0).putShort((short) 0).putShort((short) 0);
        b.putInt(0x60000020); // code, execute, read
        b.put(0x200, (byte) 0xC3); // ret
        return b.array();
    }

    /**
     * The same executable as a PE32+ (x64) image: 64-bit image base and stack/heap sizes, a
     * 240-byte optional header, so the data directories start 16 bytes later.
     */
    public static byte[] buildPe32Plus() {
        byte[] pe32 = build();
        ByteBuffer b = ByteBuffer.allocate(0x400).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer old = ByteBuffer.wrap(pe32).order(ByteOrder.LITTLE_ENDIAN);
        int opt = 0x40 + 24;
        b.put(pe32, 0, opt + 24); // DOS header, PE signature, COFF header, standard fields to BaseOfCode
        b.putShort(0x40 + 4, (short) 0x8664); // x64
        b.putShort(0x40 + 20, (short) 0xF0); // size of optional header
        b.putShort(0x40 + 22, (short) 0x0022); // executable, large address aware
        b.putShort(opt, (short) 0x020B); // PE32+
        b.position(opt + 24);
        b.putLong(0x140000000L); // image base
        b.put(pe32, opt + 32, 40); // alignments, versions, sizes, checksum, subsystem, DLL characteristics
        b.putShort(opt + 70, (short) 0x8160); // + high entropy VA
        b.position(opt + 72);
        for (int i = 0; i < 4; i++) {
            b.putLong(Integer.toUnsignedLong(old.getInt(opt + 72 + 4 * i))); // stack and heap
        }
        b.putInt(0); // loader flags
        b.putInt(16); // data directories
        b.position(b.position() + 16 * 8);
        b.put(pe32, opt + 0xE0, 40); // the .text section header
        b.put(0x200, (byte) 0xC3); // ret
        return b.array();
    }
}
