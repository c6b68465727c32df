package dev.signet.core.format.authenticode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bulk word sum of {@link PeChecksum} is the plain one, for heap and direct buffers of any length. */
class PeChecksumTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 7, 8, 9, 15, 16, 17, 64, 67, 4096, 4101, 65_536, 65_543, 200_003})
    void theBulkWordSumIsThePlainOne(int n) {
        byte[] bytes = new byte[n + 11];
        new Random(n).nextBytes(bytes);
        ByteBuffer heap = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).order(ByteOrder.LITTLE_ENDIAN);
        direct.put(bytes).flip();
        long plain = PeChecksum.words(heap, n);
        for (long[] scratch : new long[][] {new long[1], new long[3], new long[8192]}) {
            assertThat(PeChecksum.words(heap, n, scratch)).isEqualTo(plain);
            assertThat(PeChecksum.words(direct, n, scratch)).isEqualTo(plain);
        }
    }
}
