package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ZipDirectory} and {@link ZipEntryReader} read a small jar from the bytes read once
 * ({@link ZipDirectory#readWhole}) exactly as from the file, a large one from the file; the reader
 * hashes the whole file on the way when entries lie in file order; entry names
 * decode alike on the ASCII fast path and the UTF-8 decoder, and the names the strict reading
 * refuses are refused on both.
 */
class ZipDirectoryTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 2 << 20})
    void theBytesReadOnceGiveWhatTheFileGives(int padding) throws Exception {
        byte[] big = new byte[padding];
        new Random(3).nextBytes(big);
        Path jar = zip("jar.jar", List.of("a.txt", "dir/", "dir/b.bin", "naïve/ünïcode.txt"), big);
        try (FileChannel channel = FileChannel.open(jar)) {
            ByteBuffer whole = ZipDirectory.readWhole(channel);
            assertThat(whole == null).isEqualTo(padding > ZipDirectory.READ_WHOLE_AT_MOST);
            ZipDirectory fromFile = ZipDirectory.read(channel, null).orElseThrow();
            ZipDirectory once = ZipDirectory.read(channel, whole).orElseThrow();
            assertThat(once.entries())
                    .usingRecursiveFieldByFieldElementComparator()
                    .isEqualTo(fromFile.entries());
            assertThat(once.centralOffset()).isEqualTo(fromFile.centralOffset());
            assertThat(once.entries())
                    .extracting(ZipDirectory.Entry::name)
                    .containsExactly("a.txt", "dir/", "dir/b.bin", "naïve/ünïcode.txt");
            assertThat(contents(channel, once, whole)).isEqualTo(contents(channel, fromFile, null));
        }
    }

    /**
     * Pass one's reads give the whole file's SHA-256 (what the JAR client states) in file order:
     * data descriptors, a comment, a large jar read in chunks.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 2 << 20})
    void theFileDigestOfOneReadIsTheFilesSha256(int padding) throws Exception {
        byte[] big = new byte[padding];
        new Random(5).nextBytes(big);
        Path jar = zip("hashed.jar", List.of("META-INF/MANIFEST.MF", "a.txt", "dir/", "dir/b.bin"), big);
        assertThat(digestInOneRead(jar).orElseThrow())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        Path withDescriptors = TestJars.write(dir.resolve("descriptors.jar"));
        assertThat(digestInOneRead(withDescriptors).orElseThrow())
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(withDescriptors)));
    }

    /** Entries whose central order is not their file order: no digest, the caller reads the file again. */
    @Test
    void entriesOutOfFileOrderGiveNoFileDigest() throws Exception {
        Path jar = zip("reordered.jar", List.of("a.txt", "b.txt", "c.txt"), new byte[0]);
        byte[] bytes = Files.readAllBytes(jar);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int end = bytes.length - ZipDirectory.END_SIZE - "built by reordered.jar".length(); // before the comment
        int central = b.getInt(end + 16);
        List<byte[]> records = new ArrayList<>();
        for (int pos = central; pos < end; ) {
            int length = ZipDirectory.CENTRAL_SIZE
                    + Short.toUnsignedInt(b.getShort(pos + 28))
                    + Short.toUnsignedInt(b.getShort(pos + 30))
                    + Short.toUnsignedInt(b.getShort(pos + 32));
            records.add(java.util.Arrays.copyOfRange(bytes, pos, pos + length));
            pos += length;
        }
        int pos = central;
        for (int i : new int[] {0, 2, 1}) {
            System.arraycopy(records.get(i), 0, bytes, pos, records.get(i).length);
            pos += records.get(i).length;
        }
        Files.write(jar, bytes);
        try (FileChannel channel = FileChannel.open(jar)) {
            assertThat(ZipDirectory.read(channel).orElseThrow().entries())
                    .extracting(ZipDirectory.Entry::name)
                    .containsExactly("a.txt", "c.txt", "b.txt");
        }
        assertThat(digestInOneRead(jar)).isEmpty();
    }

    @Test
    void aFileThatShrankIsNotReadWhole() throws Exception {
        Path jar = zip("short.jar", List.of("a.txt"), new byte[0]);
        try (FileChannel channel = FileChannel.open(jar)) {
            ByteBuffer truncated = ZipDirectory.readWhole(channel).slice(0, 10);
            assertThat(ZipDirectory.read(channel, truncated)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb.txt", "a\nb.txt", "a\u0000b.txt", "ok\u00e9\r.txt"})
    void namesWithLineBreaksOrNulAreRefused(String name) throws Exception {
        byte[] replacement = name.getBytes(StandardCharsets.UTF_8);
        String placeholder = "Q".repeat(replacement.length);
        Path jar = zip("bad.jar", List.of(placeholder), new byte[0]);
        byte[] bytes = Files.readAllBytes(jar);
        replaceAll(bytes, placeholder.getBytes(StandardCharsets.US_ASCII), replacement);
        Files.write(jar, bytes);
        try (FileChannel channel = FileChannel.open(jar)) {
            assertThat(ZipDirectory.read(channel)).isEmpty();
        }
    }

    @Test
    void malformedUtf8IsRefused() throws Exception {
        Path jar = zip("utf8.jar", List.of("abc.txt"), new byte[0]);
        byte[] bytes = Files.readAllBytes(jar);
        replaceAll(bytes, "abc".getBytes(StandardCharsets.US_ASCII), new byte[] {'a', (byte) 0xC3, 'c'});
        Files.write(jar, bytes);
        try (FileChannel channel = FileChannel.open(jar)) {
            assertThat(ZipDirectory.read(channel)).isEmpty();
        }
    }

    @Test
    void plainAsciiIsSevenBitsWithoutNulOrLineBreaks() {
        assertThat(ZipDirectory.plainAscii("META-INF/MANIFEST.MF".getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(ZipDirectory.plainAscii("é".getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        assertThat(ZipDirectory.plainAscii(new byte[] {'a', 0})).isFalse();
        assertThat(ZipDirectory.plainAscii(new byte[] {'a', '\r'})).isFalse();
        assertThat(ZipDirectory.plainAscii(new byte[] {'a', '\n'})).isFalse();
    }

    private static java.util.Optional<byte[]> digestInOneRead(Path jar) throws Exception {
        try (FileChannel channel = FileChannel.open(jar)) {
            ByteBuffer whole = ZipDirectory.readWhole(channel);
            ZipDirectory directory = ZipDirectory.read(channel, whole).orElseThrow();
            MessageDigest file = MessageDigest.getInstance("SHA-256");
            MessageDigest entries = MessageDigest.getInstance("SHA-256");
            try (ZipEntryReader reader = new ZipEntryReader(channel, directory, whole)) {
                reader.hashFile(file);
                for (ZipDirectory.Entry e : directory.entries()) {
                    reader.digest(reader.local(e).orElseThrow(), entries);
                }
                return reader.fileDigest(channel.size());
            }
        }
    }

    private static List<String> contents(FileChannel channel, ZipDirectory directory, ByteBuffer whole)
            throws Exception {
        List<String> out = new ArrayList<>();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (ZipEntryReader reader = new ZipEntryReader(channel, directory, whole)) {
            for (ZipDirectory.Entry e : directory.entries()) {
                ZipEntryReader.Local local = reader.local(e).orElseThrow();
                long rawCrc = reader.digest(local, sha256);
                out.add(e.name() + " " + rawCrc + " " + HexFormat.of().formatHex(sha256.digest()));
            }
        }
        return out;
    }

    private Path zip(String name, List<String> names, byte[] padding) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.setComment("built by " + name);
            for (String n : names) {
                zip.putNextEntry(new ZipEntry(n));
                if (!n.endsWith("/")) {
                    zip.write(("content of " + n + "\n").repeat(30).getBytes(StandardCharsets.UTF_8));
                    if (n.endsWith(".bin")) {
                        zip.write(padding);
                    }
                }
                zip.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static void replaceAll(byte[] bytes, byte[] from, byte[] to) {
        for (int i = 0; i + from.length <= bytes.length; i++) {
            boolean match = true;
            for (int j = 0; j < from.length && match; j++) {
                match = bytes[i + j] == from[j];
            }
            if (match) {
                System.arraycopy(to, 0, bytes, i, to.length);
            }
        }
    }
}
