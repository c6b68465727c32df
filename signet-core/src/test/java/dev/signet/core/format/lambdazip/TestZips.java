package dev.signet.core.format.lambdazip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips for tests: ordinary ones built with java.util.zip, and hand-made malformed ones. */
public final class TestZips {
    private TestZips() {}

    /** A function-like zip: a deflated source file (data descriptor), a stored binary, a directory. */
    public static byte[] function(long seed) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry("index.py"));
                zip.write("def handler(event, context):\n    return {'ok': True}\n"
                        .repeat(20)
                        .getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                byte[] binary = new byte[5000];
                new Random(seed).nextBytes(binary);
                ZipEntry stored = new ZipEntry("lib/blob.bin");
                stored.setMethod(ZipEntry.STORED);
                stored.setSize(binary.length);
                CRC32 crc = new CRC32();
                crc.update(binary);
                stored.setCrc(crc.getValue());
                zip.putNextEntry(stored);
                zip.write(binary);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("lib/"));
                zip.closeEntry();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An archive with no entries: just an end record. */
    public static byte[] empty() {
        byte[] end = new byte[22];
        end[0] = 0x50;
        end[1] = 0x4b;
        end[2] = 5;
        end[3] = 6;
        return end;
    }
}
