package dev.signet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes: the content lands whole, no temporary file stays, and a foreign leftover is never touched. */
class LocalFilesTest {
    @TempDir
    Path dir;

    private static final byte[] CONTENT = "signature".getBytes(StandardCharsets.US_ASCII);

    private long filesIn(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void writesAndReplacesLeavingNoTemporaryFile() throws IOException {
        Path target = dir.resolve("a.p7s");

        LocalFiles.writeAtomically(target, new byte[] {1, 2, 3});
        LocalFiles.writeAtomically(target, CONTENT);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(filesIn(dir)).isEqualTo(1);
    }

    @Test
    void aLeftoverTemporaryFileOfTheSameNameIsLeftAloneAndTheWriteStillSucceeds() throws IOException {
        Path target = dir.resolve("b.p7s");
        Path leftover = dir.resolve(".b.p7s.tmp");
        Files.writeString(leftover, "another writer's");

        LocalFiles.writeAtomically(target, CONTENT);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(leftover).hasContent("another writer's");
        assertThat(filesIn(dir)).isEqualTo(2);
    }

    @Test
    void theFixedAndTheFallbackTemporaryNameGiveTheSamePermissions() throws IOException {
        Path plain = dir.resolve("e.p7s");
        Path contended = dir.resolve("f.p7s");
        Files.writeString(dir.resolve(".f.p7s.tmp"), "another writer's");

        LocalFiles.writeAtomically(plain, CONTENT);
        LocalFiles.writeAtomically(contended, CONTENT);

        assertThat(contended).hasBinaryContent(CONTENT);
        assertThat(Files.getPosixFilePermissions(contended)).isEqualTo(Files.getPosixFilePermissions(plain));
        // what the umask gives any new file here
        Path reference = Files.createFile(dir.resolve("reference"));
        assertThat(Files.getPosixFilePermissions(plain)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void aTargetThatCannotBeWrittenIsAUsageErrorAndLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("c.p7s");
        Files.createDirectory(target);

        CliException e = catchThrowableOfType(() -> LocalFiles.writeAtomically(target, CONTENT), CliException.class);

        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(e.getMessage()).contains("is a directory");
        assertThat(filesIn(dir)).isEqualTo(1);
        CliException missing = catchThrowableOfType(
                () -> LocalFiles.writeAtomically(dir.resolve("no/such/dir/d.p7s"), CONTENT), CliException.class);
        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
    }
}
