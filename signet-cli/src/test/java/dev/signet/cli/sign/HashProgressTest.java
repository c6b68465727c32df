package dev.signet.cli.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hashing bar of client-side formats: shown for a large file when asked, never otherwise. */
class HashProgressTest {
    @TempDir
    Path dir;

    private String shown(Path file, boolean asked, long threshold) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
                HashProgress progress = HashProgress.open(file, asked, threshold, stream)) {
            progress.accept(1500);
            progress.accept(500);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aLargeFileShowsTheBarWhenAsked() throws Exception {
        Path file = Files.write(dir.resolve("large.zip"), new byte[2000]);
        assertThat(shown(file, true, 1000)).contains("hashing");
        assertThat(shown(file, false, 1000)).isEmpty();
        assertThat(shown(file, true, 2000)).isEmpty();
        assertThat(shown(dir.resolve("missing.zip"), true, 1000)).isEmpty();
    }
}
