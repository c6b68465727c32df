package dev.signet.cli.sign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.crypto.HashAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileHasherTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65_535, 65_536, 1_000_003})
    void matchesTheJdkDigestWithAndWithoutTheProgressBar(int size) throws Exception {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path file = Files.write(dir.resolve("f.bin"), content);
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(content);

        ByteArrayOutputStream quiet = new ByteArrayOutputStream();
        assertThat(FileHasher.digest(
                        HashAlgorithm.SHA256, file, true, new PrintStream(quiet, true, StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        assertThat(quiet.size()).as("no bar below the threshold").isZero();

        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        assertThat(FileHasher.digest(
                        HashAlgorithm.SHA256, file, -1L, new PrintStream(bar, true, StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        assertThat(bar.toString(StandardCharsets.UTF_8)).contains("hashing");
    }
}
