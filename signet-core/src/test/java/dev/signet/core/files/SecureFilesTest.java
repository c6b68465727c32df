package dev.signet.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner-only rule's helpers: what they create, what they repair, and what they leave alone. */
class SecureFilesTest {
    @TempDir
    Path dir;

    @Test
    void privateDirectoriesAreCreated0700AndExistingOnesLeftAsTheyAre() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path deep = SecureFiles.createPrivateDirectories(existing.resolve("a/b/c"));

        assertThat(mode(existing)).isEqualTo("rwxr-xr-x");
        for (Path d : new Path[] {existing.resolve("a"), existing.resolve("a/b"), deep}) {
            assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------");
        }
        assertThat(SecureFiles.createPrivateDirectories(deep)).isEqualTo(deep);
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> SecureFiles.createPrivateDirectories(file))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageEndingWith("/file");
    }

    @Test
    void ownerOnlyFilesAreCreated0600AndNeverReplaceAFile() throws Exception {
        Path file = dir.resolve("object.part");
        try (FileChannel channel = SecureFiles.createOwnerOnly(file)) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(Files.readAllBytes(file)).containsExactly(1, 2, 3);
        assertThatThrownBy(() -> SecureFiles.createOwnerOnly(file))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageEndingWith("/object.part");
    }

    @Test
    void restrictingRepairsDirectoriesAndFilesAndLeavesLinksAlone() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path outside = Files.writeString(dir.resolve("outside"), "y");
        Path link = Files.createSymbolicLink(dir.resolve("link"), outside);
        chmod(sub, "rwxrwxrwx");
        chmod(file, "rw-rw-rw-");
        chmod(outside, "rw-rw-rw-");

        assertThat(SecureFiles.restrictToOwner(sub)).isTrue();
        assertThat(SecureFiles.restrictToOwner(file)).isTrue();
        assertThat(SecureFiles.restrictToOwner(link)).isFalse();
        assertThat(SecureFiles.restrictToOwner(dir.resolve("missing"))).isFalse();

        assertThat(mode(sub)).isEqualTo("rwx------");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(outside)).isEqualTo("rw-rw-rw-");
        assertThat(SecureFiles.restrictToOwner(file)).isFalse();
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chmod(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }
}
