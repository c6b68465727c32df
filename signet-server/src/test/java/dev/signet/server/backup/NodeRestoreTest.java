package dev.signet.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link NodeRestore} over archives sealed with the right key, so only the content checks can refuse
 * them: hostile paths, link and other entry types, duplicates, a missing manifest or master key,
 * content after the end; each refused with no {@code DIR} and no {@code DIR.restoring} left. A
 * target that is not new or empty is refused with nothing changed.
 */
class NodeRestoreTest {
    private static final byte[] KEY = new byte[32];

    @TempDir
    Path dir;

    @Test
    void aGoodArchiveIsRestoredOwnerOnly() throws IOException {
        Path archive = archive(Archives.Content.withManifest()
                .file("master.key", KEY)
                .file("credentials", "[signet]\n")
                .file("objects/data/ab/abcd", "content")
                .end());
        NodeRestore.Restored restored = NodeRestore.restore(archive, dir.resolve("data"), Archives.keys());
        assertThat(restored.files()).isEqualTo(3);
        assertThat(dir.resolve("data/objects/data/ab/abcd")).hasContent("content");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/master.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data/objects/data"))))
                .isEqualTo("rwx------");
        assertThat(dir.resolve("data.restoring")).doesNotExist();
    }

    @Test
    void anEmptyDirectoryIsATarget() throws IOException {
        Files.createDirectory(dir.resolve("data"));
        NodeRestore.restore(
                archive(Archives.Content.withManifest().file("master.key", KEY).end()),
                dir.resolve("data"),
                Archives.keys());
        assertThat(dir.resolve("data/master.key")).exists();
    }

    static Stream<Arguments> hostile() throws IOException {
        return Stream.of(
                Arguments.of("parent", master().file("../x", "x").end(), "\"../x\"", "segment"),
                Arguments.of("parent inside", master().file("keys/../../x", "x").end(), "keys/../../x", "segment"),
                Arguments.of("absolute", master().file("/etc/x", "x").end(), "\"/etc/x\"", "absolute"),
                Arguments.of(
                        "symlink",
                        master().entry('L', "keys/link", "/etc/passwd".getBytes())
                                .end(),
                        "type 0x4c",
                        "only files"),
                Arguments.of(
                        "directory", master().entry('D', "keys/d", new byte[0]).end(), "type 0x44", "only files"),
                Arguments.of(
                        "duplicate",
                        master().file("keys/a", "1").file("keys/a", "2").end(),
                        "keys/a",
                        "twice"),
                Arguments.of(
                        "file over directory",
                        master().file("keys/a", "1").file("keys/a/b", "2").end(),
                        "keys/a/b",
                        "is a file"),
                Arguments.of(
                        "outside the layout",
                        master().file("objects/tmp/x", "x").end(),
                        "objects/tmp/x",
                        "not a file a Signet data directory holds"),
                Arguments.of("unknown top", master().file("bin/sh", "x").end(), "bin/sh", "not a file"),
                Arguments.of("backslash", master().file("keys\\..\\x", "x").end(), "backslash", "backslash"),
                Arguments.of("control", master().file("keys/a\nb", "x").end(), "keys/a\\x0ab", "control"),
                Arguments.of(
                        "manifest twice",
                        master().file(ArchivePaths.MANIFEST, "format=1").end(),
                        "SIGNET-BACKUP",
                        "twice"),
                Arguments.of("after end", master().end().raw(new byte[] {'F'}), "after its end", "end entry"),
                Arguments.of("no end", master(), "without its end entry", "end"),
                Arguments.of("cut entry", master().raw(new byte[] {'F', 0, 4, 'k'}), "ends inside", "entry"),
                Arguments.of(
                        "no manifest",
                        new Archives.Content().file("master.key", KEY).end(),
                        "manifest",
                        "does not start"),
                Arguments.of("no master key", Archives.Content.withManifest().end(), "no master key", "master key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aHostileArchiveIsRefusedAndLeavesNothing(String name, Archives.Content content, String names, String why)
            throws IOException {
        Path archive = archive(content);
        Path data = dir.resolve("data");
        assertThatThrownBy(() -> NodeRestore.restore(archive, data, Archives.keys()))
                .isInstanceOf(ArchiveException.class)
                .hasMessageContaining(names)
                .hasMessageContaining(why);
        assertThat(data).doesNotExist();
        assertThat(dir.resolve("data.restoring")).doesNotExist();
        assertThat(dir.resolve("x")).doesNotExist();
    }

    @Test
    void aNonEmptyTargetIsRefusedUnchanged() throws IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.writeString(data.resolve("keep"), "mine");
        Path archive = archive(master().end());
        assertThatThrownBy(() -> NodeRestore.restore(archive, data, Archives.keys()))
                .hasMessageContaining("is not empty: restore into a new or empty directory");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files).containsExactly(data.resolve("keep"));
        }
        assertThat(dir.resolve("data.restoring")).doesNotExist();
    }

    @Test
    void aLeftOverStagingDirectoryIsNamed() throws IOException {
        Files.createDirectory(dir.resolve("data.restoring"));
        Path archive = archive(master().end());
        assertThatThrownBy(() -> NodeRestore.restore(archive, dir.resolve("data"), Archives.keys()))
                .hasMessageContaining("data.restoring exists (an interrupted restore?)");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    private static Archives.Content master() throws IOException {
        return Archives.Content.withManifest().file("master.key", KEY);
    }

    private Path archive(Archives.Content content) throws IOException {
        return Files.write(Files.createTempFile(dir, "archive", ".bin"), Archives.seal(content.bytes()));
    }
}
