package dev.signet.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The data directory's owner-only modes (issue 13, item 13): whatever an earlier start, an older
 * Signet or a loose umask left, every start makes the data directory and every directory under it
 * 0700, and the files Signet keeps at its top level and in keys/, ca/ and tsa/ 0600; new object
 * files are created 0600. A data directory owned by another user is refused. (A umask of 000 in a
 * real process: the CLI's DataDirectoryModesIT.)
 */
class DataDirectoryModesTest {
    @TempDir
    Path tmp;

    @Test
    void everyStartRepairsALooseDataDirectoryToOwnerOnlyModes() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("keys"));
        chmod(data, "rwxrwxrwx");
        chmod(data.resolve("keys"), "rwxrwxrwx");
        try (TestServer server = TestServer.start(data);
                S3Client s3 = server.s3()) {
            s3.createBucket(b -> b.bucket("modes"));
            s3.putObject(b -> b.bucket("modes").key("first"), RequestBody.fromString("before"));
            assertOwnerOnly(data);
        }
        // everything group- and world-writable, as a umask of 000 or an older Signet could leave it
        try (Stream<Path> all = Files.walk(data)) {
            all.forEach(p -> chmod(p, Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
        }

        try (TestServer server = TestServer.start(data);
                S3Client s3 = server.s3()) {
            assertOwnerOnly(data);
            s3.putObject(b -> b.bucket("modes").key("second"), RequestBody.fromString("after"));
            assertOwnerOnly(data);
            // object files are made 0600 when written; existing ones are not walked at start (their
            // directories, 0700, already keep everyone else out)
            assertThat(objectFiles(data).stream().map(DataDirectoryModesTest::mode))
                    .containsExactlyInAnyOrder("rw-rw-rw-", "rw-------");
        }
    }

    @Test
    void aDataDirectoryOwnedByAnotherUserIsRefused() throws Exception {
        Path foreign = foreignDirectory();
        List<Path> before = list(foreign);

        assertThatThrownBy(() -> SignetServer.start(new ServerConfig("127.0.0.1", 0, foreign)))
                .isInstanceOf(SignetServerException.class)
                .hasMessageMatching("the data directory .* is owned by uid \\d+, not by uid \\d+ \\(the user running"
                        + " Signet\\); refusing to start")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(list(foreign)).isEqualTo(before);
    }

    /**
     * A directory another user owns: as root, a fresh one given to nobody (uid 65534); otherwise the
     * root directory, which is root's.
     */
    private Path foreignDirectory() throws IOException {
        if (uid(tmp) != 0) {
            return Path.of("/");
        }
        Path dir = Files.createDirectories(tmp.resolve("nobody"));
        Files.setAttribute(dir, "unix:uid", 65534);
        return dir;
    }

    static void assertOwnerOnly(Path data) throws IOException {
        try (Stream<Path> all = Files.walk(data)) {
            all.filter(Files::isDirectory)
                    .forEach(d -> assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------"));
        }
        for (Path dir : List.of(data, data.resolve("keys"), data.resolve("ca"), data.resolve("tsa"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            }
        }
        for (String name : List.of("master.key", "signet.db", "signet.db-wal", "signet.db-shm", "credentials")) {
            assertThat(mode(data.resolve(name))).as(name).isEqualTo("rw-------");
        }
        assertThat(list(data.resolve("keys"))).isNotEmpty();
        assertThat(list(data.resolve("ca"))).isNotEmpty();
    }

    private static List<Path> objectFiles(Path data) throws IOException {
        try (Stream<Path> all = Files.walk(data.resolve("objects").resolve("data"))) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void chmod(Path path, String mode) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid");
    }
}
