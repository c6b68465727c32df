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
}
