package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive's PE training ({@link Launch#trainPeSigning}): it runs a PE's client half to
 * the end over the committed training files, and fails (so the build fails) rather than train on an
 * answer that does not sign the PE.
 */
class LaunchTrainingTest {
    private static final Path TRAINING = Path.of("src/cds-training");

    @TempDir
    Path dir;

    @Test
    void theCommittedPeAndItsSignedCopyTrainToTheEnd() throws Exception {
        long before = temporaryOutputs();
        Launch.trainPeSigning(TRAINING.resolve("hello.exe"), TRAINING.resolve("hello.signed.exe"));
        assertThat(temporaryOutputs()).as("the training output is deleted").isEqualTo(before);
    }

    @Test
    void anAnswerThatDoesNotSignThePeFailsTheTraining() throws Exception {
        byte[] other = Files.readAllBytes(TRAINING.resolve("hello.exe"));
        other[0x200] ^= 1; // the code section
        Path pe = Files.write(dir.resolve("other.exe"), other);
        assertThatThrownBy(() -> Launch.trainPeSigning(pe, TRAINING.resolve("hello.signed.exe")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the PE training run failed: the server's SignedData does not sign this file");
    }

    private static long temporaryOutputs() throws Exception {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("signet-training-"))
                    .count();
        }
    }
}
