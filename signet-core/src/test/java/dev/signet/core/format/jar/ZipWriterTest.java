package dev.signet.core.format.jar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipWriterTest {
    /** Raw DEFLATE inflated whole; fails unless the stream ends exactly at its final block. */
    static byte[] inflate(byte[] deflated) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                out.write(buffer, 0, n);
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("the stream ended before its final block");
                }
            }
            assertThat(inflater.getRemaining())
                    .as("bytes after the final block")
                    .isZero();
            return out.toByteArray();
        } finally {
            inflater.end();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2048, 65535, 65536, 65537, 200_000})
    void storedBlocksInflateToTheirData(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[] stored = ZipWriter.stored(data);
        assertThat(stored).hasSize(size + 5 * Math.max(1, (size + 65534) / 65535));
        assertThat(inflate(stored)).isEqualTo(data);
    }
}
