package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link PeScan}, the two-thread read of a PE file: its digest and word sum are those of a plain
 * single-threaded computation for any size and any place of the skipped fields, including fields
 * across a chunk boundary; a file shorter than announced is an error, not a short digest.
 */
class PeScanTest {
    private static final int CHUNK = PeScan.CHUNK_SIZE;

    @TempDir
    Path dir;

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(0x400, 0xD8, 0x118),
                Arguments.of(0x403, 0xD8, 0x118),
                Arguments.of(CHUNK, 0x88, 0x100),
                Arguments.of(3 * CHUNK + 5, 0x88, 0x100),
                Arguments.of(2 * CHUNK + 1, CHUNK - 2, CHUNK + 40),
                Arguments.of(2 * CHUNK + 6, CHUNK - 10, 2 * CHUNK - 4),
                Arguments.of(4 * CHUNK + 7, 3 * CHUNK - 1, 4 * CHUNK - 3),
                Arguments.of(9 * CHUNK + 3, 0x88, 8 * CHUNK + 100));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void digestAndWordSumAreThoseOfAPlainComputation(int size, long checksum, long entry) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size * 31L + checksum).nextBytes(bytes);
        Path file = Files.write(dir.resolve("scan.bin"), bytes);
        try (PeScan scan = PeScan.start(file, size, checksum, entry, n -> {})) {
            assertThat(scan.digest()).isEqualTo(referenceDigest(bytes, checksum, entry));
            assertThat(scan.wordSum()).isEqualTo(referenceWordSum(bytes));
        }
    }

    @Test
    void aFileShorterThanAnnouncedIsAnError() throws Exception {
        Path file = Files.write(dir.resolve("short.bin"), new byte[CHUNK + 100]);
        try (PeScan scan = PeScan.start(file, 3L * CHUNK, 0x88, 0x100, n -> {})) {
            assertThatThrownBy(scan::digest).isInstanceOf(IOException.class).hasMessageContaining("shrank");
        }
    }

    @Test
    void aClosedScanReportsThatTheFileIsNoLongerRead() throws Exception {
        Path file = Files.write(dir.resolve("closed.bin"), new byte[8 * CHUNK]);
        PeScan scan = PeScan.start(file, 8L * CHUNK, 0x88, 0x100, n -> {});
        scan.close();
        assertThatThrownBy(scan::digest).isInstanceOf(IOException.class).hasMessage("the file is no longer read");
    }

    private static byte[] referenceDigest(byte[] bytes, long checksum, long entry) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(bytes, 0, (int) checksum);
        md.update(bytes, (int) checksum + 4, (int) (entry - checksum - 4));
        md.update(bytes, (int) entry + 8, bytes.length - (int) entry - 8);
        md.update(new byte[(8 - bytes.length % 8) % 8]);
        return md.digest();
    }

    private static long referenceWordSum(byte[] bytes) {
        ByteBuffer padded = ByteBuffer.wrap(Arrays.copyOf(bytes, (bytes.length + 3) / 4 * 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        while (padded.hasRemaining()) {
            sum += Integer.toUnsignedLong(padded.getInt());
        }
        return sum;
    }
}
