package dev.signet.server.service.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SHA-256 of a file written by ranges in any interleaving: the file's, whatever the order. */
class ArrivalHashTest {
    private static final int CHUNK = 100;
    private static final int PIECE = 30;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void anyOrderOfRangesGivesTheFilesDigest(long seed) throws Exception {
        byte[] content = new byte[3 * CHUNK + 17];
        Random random = new Random(seed);
        random.nextBytes(content);
        int chunks = 4;
        int[] next = new int[chunks];
        try (FileChannel file = open("f" + seed)) {
            ArrivalHash hash = new ArrivalHash(file, content.length, CHUNK);
            while (Arrays.stream(next).anyMatch(n -> n >= 0)) {
                int c = random.nextInt(chunks);
                if (next[c] < 0) {
                    continue;
                }
                int start = c * CHUNK + next[c];
                int end = Math.min(Math.min(start + PIECE, (c + 1) * CHUNK), content.length);
                write(file, content, start, end);
                hash.wrote(c, Arrays.copyOfRange(content, start, end), end - start);
                next[c] = end == Math.min((c + 1) * CHUNK, content.length) ? -1 : next[c] + end - start;
            }
            assertThat(hash.digest())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        }
    }

    @Test
    void anEmptyFileHasTheEmptyDigest() throws Exception {
        try (FileChannel file = open("empty")) {
            assertThat(new ArrivalHash(file, 0, CHUNK).digest())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest());
        }
    }

    @Test
    void aDigestBeforeEveryByteArrivedIsRefused() throws Exception {
        byte[] content = new byte[2 * CHUNK];
        try (FileChannel file = open("partial")) {
            ArrivalHash hash = new ArrivalHash(file, content.length, CHUNK);
            write(file, content, CHUNK, 2 * CHUNK);
            hash.wrote(1, Arrays.copyOfRange(content, CHUNK, 2 * CHUNK), CHUNK);

            assertThatThrownBy(hash::digest).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void bytesBeyondARangeAreRefused() throws Exception {
        try (FileChannel file = open("over")) {
            ArrivalHash hash = new ArrivalHash(file, 2 * CHUNK, CHUNK);
            for (List<Integer> wrong : List.of(List.of(0, CHUNK + 1), List.of(1, CHUNK + 1))) {
                assertThatThrownBy(() -> hash.wrote(wrong.get(0), new byte[wrong.get(1)], wrong.get(1)))
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    private FileChannel open(String name) throws Exception {
        return FileChannel.open(
                dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private static void write(FileChannel file, byte[] content, int start, int end) throws Exception {
        ByteBuffer buffer = ByteBuffer.wrap(content, start, end - start);
        long position = start;
        while (buffer.hasRemaining()) {
            position += file.write(buffer, position);
        }
    }
}
