package dev.signet.core.format.lambdazip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.ArtifactDigest;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The copy holds exactly the bytes hashed, whatever the size against the buffers; a failed write is reported. */
class HashedCopyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8191, HashedCopy.BUFFER - 1, HashedCopy.BUFFER, 5 * HashedCopy.BUFFER + 17})
    void copiesAndHashesEveryByte(int size) throws IOException {
        byte[] content = new byte[size];
        new Random(size).nextBytes(content);
        Path source = Files.write(dir.resolve("in.zip"), content);
        Path copy = dir.resolve("out.zip");
        AtomicLong told = new AtomicLong();

        ArtifactDigest digest;
        try (FileChannel out = FileChannel.open(
                copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            digest = HashedCopy.copy(source, out, told::addAndGet);
        }

        assertThat(copy).hasBinaryContent(content);
        assertThat(digest.size()).isEqualTo(size);
        assertThat(digest.digest()).isEqualTo(Digests.digest(HashAlgorithm.SHA384, content));
        assertThat(told).hasValue(size);
    }

    @Test
    void aCopyThatCannotBeWrittenFailsTheCall() throws IOException {
        byte[] content = new byte[3 * HashedCopy.BUFFER];
        Path source = Files.write(dir.resolve("in.zip"), content);
        Path copy = Files.createFile(dir.resolve("out.zip"));

        try (FileChannel readOnly = FileChannel.open(copy, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> HashedCopy.copy(source, readOnly, n -> {})).isInstanceOf(IOException.class);
        }
    }
}
