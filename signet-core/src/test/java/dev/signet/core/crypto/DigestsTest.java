package dev.signet.core.crypto;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known answers from FIPS 180-2 appendices (and FIPS 180-1 for SHA-1); large files (the read-ahead
 * path) against the JDK's own SHA-384.
 */
class DigestsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> knownAnswers() {
        String two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        String two512 =
                "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
        return Stream.of(
                Arguments.of(
                        HashAlgorithm.SHA256,
                        "abc",
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Arguments.of(
                        HashAlgorithm.SHA256, two, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
                Arguments.of(
                        HashAlgorithm.SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                Arguments.of(
                        HashAlgorithm.SHA384,
                        "abc",
                        "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"),
                Arguments.of(
                        HashAlgorithm.SHA384,
                        two512,
                        "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"),
                Arguments.of(HashAlgorithm.SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"));
    }

    @ParameterizedTest
    @MethodSource("knownAnswers")
    void knownAnswersFromStreamsFilesAndArrays(HashAlgorithm algorithm, String input, String expectedHex)
            throws Exception {
        byte[] bytes = input.getBytes(US_ASCII);
        Path file = Files.write(dir.resolve("in"), bytes);
        assertThat(HexFormat.of().formatHex(Digests.digest(algorithm, new ByteArrayInputStream(bytes))))
                .isEqualTo(expectedHex);
        assertThat(HexFormat.of().formatHex(Digests.digest(algorithm, file))).isEqualTo(expectedHex);
        assertThat(HexFormat.of().formatHex(Digests.digest(algorithm, bytes))).isEqualTo(expectedHex);
    }

    @Test
    void millionAs() throws Exception {
        // FIPS 180-2 appendix B.3: one million repetitions of 'a'.
        InputStream in = new GeneratedStream(1_000_000, i -> 'a');
        assertThat(HexFormat.of().formatHex(Digests.digest(HashAlgorithm.SHA256, in)))
                .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void a300MegabyteStreamMatchesAnIndependentComputation() throws Exception {
        long size = 300L * 1024 * 1024 + 7;
        byte[] streamed =
                Digests.digest(HashAlgorithm.SHA256, new GeneratedStream(size, i -> (int) (i * 31 + (i >>> 20))));
        MessageDigest reference = MessageDigest.getInstance("SHA-256", "SUN");
        byte[] chunk = new byte[8192];
        for (long pos = 0; pos < size; ) {
            int n = (int) Math.min(chunk.length, size - pos);
            for (int j = 0; j < n; j++) {
                long i = pos + j;
                chunk[j] = (byte) (i * 31 + (i >>> 20));
            }
            reference.update(chunk, 0, n);
            pos += n;
        }
        assertThat(streamed).isEqualTo(reference.digest());
    }

    /** Sizes around the read-ahead threshold and the ring's chunk boundaries, against the JDK's SHA-384. */
    @ParameterizedTest
    @ValueSource(
            longs = {
                0,
                1,
                8191,
                8192,
                8193,
                Digests.BUFFER_SIZE - 1,
                Digests.BUFFER_SIZE,
                Digests.BUFFER_SIZE + 1,
                Digests.READ_AHEAD_THRESHOLD - 1,
                Digests.READ_AHEAD_THRESHOLD,
                Digests.READ_AHEAD_THRESHOLD + 1,
                (long) ReadAheadDigest.CHUNK * ReadAheadDigest.RING * 3,
                (long) ReadAheadDigest.CHUNK * ReadAheadDigest.RING * 3 + 17
            })
    void filesOfEverySizeClassMatchAnIndependentComputation(long size) throws Exception {
        Path file = generated(dir.resolve("large-" + size), size, 3);
        assertThat(Digests.digest(HashAlgorithm.SHA384, file)).isEqualTo(reference(file));
    }

    /** Concurrent calls share the pool of buffer rings and the reader threads without mixing inputs. */
    @Test
    void concurrentDigestsOfDifferentFilesStayApart() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(generated(dir.resolve("concurrent-" + i), Digests.READ_AHEAD_THRESHOLD + i * 100_003L, i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (Path f : files) {
                    results.add(pool.submit(() -> Digests.digest(HashAlgorithm.SHA384, f)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                Path f = files.get(i % files.size());
                assertThat(results.get(i).get(60, TimeUnit.SECONDS))
                        .as(f.toString())
                        .isEqualTo(reference(f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> Digests.digest(HashAlgorithm.SHA384, dir.resolve("missing")))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageEndingWith("/missing");
    }

    private static Path generated(Path file, long size, int seed) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            new GeneratedStream(size, i -> (int) (i * 131 + seed + (i >>> 13))).transferTo(out);
        }
        return file;
    }

    private static byte[] reference(Path file) throws Exception {
        MessageDigest sun = MessageDigest.getInstance("SHA-384", "SUN");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[8192];
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                sun.update(chunk, 0, n);
            }
        }
        return sun.digest();
    }

    /** A stream of {@code size} bytes computed from their position, never held in memory. */
    static final class GeneratedStream extends InputStream {
        private final long size;
        private final java.util.function.LongToIntFunction byteAt;
        private long pos;

        GeneratedStream(long size, java.util.function.LongToIntFunction byteAt) {
            this.size = size;
            this.byteAt = byteAt;
        }

        @Override
        public int read() {
            return pos < size ? byteAt.applyAsInt(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int j = 0; j < n; j++) {
                b[off + j] = (byte) byteAt.applyAsInt(pos++);
            }
            return n;
        }
    }
}
