package dev.signet.bench.peer;

import dev.signet.bench.FormatCase;
import dev.signet.bench.jmh.DigestBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Generates the peer comparisons' inputs, deterministically (same bytes on every run and machine):
 *
 * <ul>
 *   <li>{@code jar FILE ENTRIES BYTES}: a jar of ENTRIES stored (uncompressed) entries totalling about BYTES
 *   <li>{@code pe FILE BYTES}: hello.exe (the Authenticode test fixture) with its one section's raw data
 *       extended to make the file BYTES long (a valid PE: osslsigncode and Signet both accept it)
 *   <li>{@code file FILE BYTES}: pseudo-random bytes
 *   <li>{@code files DIR COUNT}: COUNT small text files {@code f00000.txt}...
 * </ul>
 */
public final class PeerInputs {
    private PeerInputs() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println(
                    "usage: PeerInputs jar FILE ENTRIES BYTES | pe FILE BYTES | file FILE BYTES | files DIR COUNT");
            System.exit(2);
        }
        Path target = Path.of(args[1]);
        switch (args[0]) {
            case "jar" -> jar(target, Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "pe" -> pe(target, Long.parseLong(args[2]));
            case "file" -> DigestBenchmark.writeDeterministic(target, Long.parseLong(args[2]));
            case "files" -> files(target, Integer.parseInt(args[2]));
            default -> {
                System.err.println("unknown input kind " + args[0]);
                System.exit(2);
            }
        }
    }

    public static void jar(Path file, int entries, long bytes) throws IOException {
        if (entries < 1 || entries > 1_000_000) {
            throw new IllegalArgumentException("entries must be 1..1000000");
        }
        int each = (int) Math.max(1, bytes / entries);
        byte[] data = new byte[each];
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        long x = 0x2545F4914F6CDD1DL;
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            jar.setMethod(JarOutputStream.STORED);
            for (int i = 0; i < entries; i++) {
                for (int j = 0; j < data.length; j++) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    data[j] = (byte) x;
                }
                ZipEntry e = new ZipEntry(String.format("com/example/bench/p%03d/Entry%05d.bin", i % 100, i));
                CRC32 crc = new CRC32();
                crc.update(data);
                e.setSize(data.length);
                e.setCompressedSize(data.length);
                e.setCrc(crc.getValue());
                e.setTime(946684800000L);
                jar.putNextEntry(e);
                jar.write(data);
                jar.closeEntry();
            }
        }
    }

    /**
     * Extends hello.exe's last section: its raw size (and virtual size, and the image size) grow to
     * hold deterministic filler, so the PE stays well-formed and every byte is hashed by Authenticode.
     */
    public static void pe(Path file, long bytes) throws IOException {
        byte[] hello;
        try (InputStream in = FormatCase.class.getResourceAsStream("hello.exe")) {
            hello = in.readAllBytes();
        }
        ByteBuffer b = ByteBuffer.wrap(hello).order(ByteOrder.LITTLE_ENDIAN);
        int pe = b.getInt(0x3C);
        int sections = Short.toUnsignedInt(b.getShort(pe + 6));
        int optSize = Short.toUnsignedInt(b.getShort(pe + 20));
        int opt = pe + 24;
        int fileAlign = b.getInt(opt + 36);
        int sectionAlign = b.getInt(opt + 32);
        int last = opt + optSize + (sections - 1) * 40;
        int rawSize = b.getInt(last + 16);
        int rawPtr = b.getInt(last + 20);
        if (rawPtr + rawSize != hello.length) {
            throw new IllegalStateException("hello.exe has data after its last section");
        }
        long extra = Math.max(0, bytes - hello.length);
        extra = (extra + fileAlign - 1) / fileAlign * fileAlign;
        long newRaw = rawSize + extra;
        if (newRaw > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too large");
        }
        int va = b.getInt(last + 12);
        b.putInt(last + 8, (int) newRaw); // virtual size
        b.putInt(last + 16, (int) newRaw); // raw size
        long imageSize = ((va + newRaw) + sectionAlign - 1) / sectionAlign * sectionAlign;
        b.putInt(opt + 56, (int) imageSize);
        b.putInt(opt + 64, 0); // checksum: recomputed by the signers
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(hello);
            byte[] block = new byte[1 << 16];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (0x90 ^ (i * 31));
            }
            long left = extra;
            while (left > 0) {
                int n = (int) Math.min(left, block.length);
                out.write(block, 0, n);
                left -= n;
            }
        }
    }

    public static void files(Path dir, int count) throws IOException {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("count must be 1..100000");
        }
        Files.createDirectories(dir);
        for (int i = 0; i < count; i++) {
            Files.writeString(
                    dir.resolve(String.format("f%05d.txt", i)),
                    ("small file " + i + "\n").repeat(16),
                    StandardCharsets.UTF_8);
        }
    }
}
