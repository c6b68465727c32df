package dev.signet.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.files.AtomicFiles.Durability;
import dev.signet.core.files.AtomicFiles.Mode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic write: what ends up in place, with which mode, and what is left behind (nothing). */
class AtomicFilesTest {
    private static final byte[] CONTENT = "new content".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void replacesTheTargetAndLeavesNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("a.pem"), "old");

        AtomicFiles.write(target, CONTENT, AtomicFiles.Mode.DEFAULT);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(names(dir)).containsExactly("a.pem");
    }

    @Test
    void ownerOnlyFilesAre0600AndTheirMissingDirectories0700() throws IOException {
        Path target = dir.resolve("keys/sub/k.key");

        AtomicFiles.write(target, CONTENT, AtomicFiles.Mode.OWNER_ONLY);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("keys"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("keys/sub"))).isEqualTo("rwx------");
    }

    @Test
    void replacingAReadableFileOwnerOnlyLeavesIt0600() throws IOException {
        Path target = Files.writeString(dir.resolve("endpoint"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));

        AtomicFiles.write(target, CONTENT, AtomicFiles.Mode.OWNER_ONLY);

        assertThat(mode(target)).isEqualTo("rw-------");
    }

    @Test
    void defaultFilesGetWhatTheUmaskGivesAndNeedTheirDirectory() throws IOException {
        Path target = dir.resolve("out.p7s");
        AtomicFiles.write(target, CONTENT, AtomicFiles.Mode.DEFAULT);
        Path reference = Files.createFile(dir.resolve("reference"));

        assertThat(mode(target)).isEqualTo(mode(reference));
        assertThatThrownBy(() -> AtomicFiles.write(dir.resolve("no/such/f"), CONTENT, AtomicFiles.Mode.DEFAULT))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("no")).doesNotExist();
    }

    @Test
    void aTakenTemporaryNameIsLeftAloneAndAnotherIsUsed() throws IOException {
        Path target = dir.resolve("b.p7s");
        Path leftover = Files.writeString(dir.resolve(".b.p7s.tmp"), "another writer's");

        AtomicFiles.write(target, CONTENT, AtomicFiles.Mode.OWNER_ONLY);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(leftover).hasContent("another writer's");
        assertThat(names(dir)).containsExactlyInAnyOrder("b.p7s", ".b.p7s.tmp");
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("c.p7s"));

        assertThatThrownBy(() -> AtomicFiles.write(target, CONTENT, AtomicFiles.Mode.DEFAULT))
                .isInstanceOf(IOException.class);

        assertThat(target).isDirectory();
        assertThat(names(dir)).containsExactly("c.p7s");
    }

    @Test
    void createIfAbsentNeverReplaces() throws IOException {
        Path target = dir.resolve("master.key");

        assertThat(AtomicFiles.createIfAbsent(target, CONTENT, AtomicFiles.Mode.OWNER_ONLY))
                .isTrue();
        assertThat(AtomicFiles.createIfAbsent(
                        target, "other".getBytes(StandardCharsets.US_ASCII), AtomicFiles.Mode.OWNER_ONLY))
                .isFalse();

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(mode(target)).isEqualTo("rw-------");
        assertThat(names(dir)).containsExactly("master.key");
    }

    @Test
    void aPreparedFileAppearsOnlyWhenCommittedAndVanishesWhenAbandoned() throws IOException {
        Path kept = dir.resolve("kept.p7s");
        Path dropped = dir.resolve("dropped.p7s");

        try (AtomicFiles.Pending pending = AtomicFiles.prepare(kept, CONTENT, AtomicFiles.Mode.DEFAULT)) {
            assertThat(kept).doesNotExist();
            pending.commit();
            assertThat(pending.directory()).isEqualTo(dir.toAbsolutePath());
            assertThatThrownBy(pending::commit).isInstanceOf(IllegalStateException.class);
        }
        try (AtomicFiles.Pending pending = AtomicFiles.prepare(dropped, CONTENT, AtomicFiles.Mode.DEFAULT)) {
            assertThat(names(dir)).contains(".dropped.p7s.tmp");
        }
        AtomicFiles.syncDirectory(dir);

        assertThat(kept).hasBinaryContent(CONTENT);
        assertThat(names(dir)).containsExactly("kept.p7s");
    }

    /** Unsynced: the same atomic rename (nothing half-written in place), only the fsync skipped. */
    @Test
    void anUnsyncedFileIsStillPutInPlaceWholeOrNotAtAll() throws IOException {
        Path kept = dir.resolve("kept.signed.zip");
        Path failed = Files.writeString(dir.resolve("failed.signed.zip"), "old");

        try (AtomicFiles.Pending pending = AtomicFiles.prepare(
                kept, channel -> channel.write(ByteBuffer.wrap(CONTENT)), Mode.DEFAULT, Durability.UNSYNCED)) {
            assertThat(kept).doesNotExist();
            pending.commit();
        }
        assertThatThrownBy(() -> AtomicFiles.prepare(
                        failed,
                        channel -> {
                            channel.write(ByteBuffer.wrap(CONTENT));
                            throw new IOException("the signer failed");
                        },
                        Mode.DEFAULT,
                        Durability.UNSYNCED))
                .hasMessage("the signer failed");

        assertThat(kept).hasBinaryContent(CONTENT);
        assertThat(failed).hasContent("old");
        assertThat(names(dir)).containsExactlyInAnyOrder("kept.signed.zip", "failed.signed.zip");
    }

    @Test
    void publishPutsAStreamedFileInPlace() throws IOException {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path data = Files.createDirectory(dir.resolve("data"));
        Path part = Files.write(tmp.resolve("1.part"), CONTENT);

        AtomicFiles.publish(part, data.resolve("object"));

        assertThat(data.resolve("object")).hasBinaryContent(CONTENT);
        assertThat(names(tmp)).isEmpty();
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
