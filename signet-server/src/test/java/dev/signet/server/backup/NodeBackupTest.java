package dev.signet.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.ServerConfig;
import dev.signet.server.SignetServer;
import dev.signet.server.SignetServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link NodeBackup} without a server: a PostgreSQL node with S3 content (only the master key and
 * {@code credentials} are the node's own), and the refusals that change nothing.
 */
class NodeBackupTest {
    private static final char[] PASSPHRASE = "a long backup passphrase".toCharArray();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aPostgresqlNodeWithS3ContentKeepsOnlyItsMasterKeyAndCredentials() throws IOException {
        Path data = node();
        NodeBackup.Written written = NodeBackup.write(
                new NodeBackup.Sources(data, data.resolve("master.key"), Optional.empty(), false),
                dir.resolve("pg.backup"),
                PASSPHRASE,
                CLOCK);
        assertThat(written.files()).isEqualTo(3);
        assertThat(written.manifest())
                .isEqualTo(new Manifest(
                        CLOCK.instant(), Manifest.DatabaseKind.POSTGRESQL, Manifest.ContentKind.S3, List.of()));

        NodeRestore.Restored restored = NodeRestore.restore(dir.resolve("pg.backup"), dir.resolve("r"), PASSPHRASE);
        assertThat(restored.manifest()).isEqualTo(written.manifest());
        try (Stream<Path> files = Files.walk(dir.resolve("r"))) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(p -> dir.resolve("r").relativize(p).toString()))
                    .containsExactlyInAnyOrder("master.key", "credentials");
        }
        assertThat(Files.readAllBytes(dir.resolve("r/master.key")))
                .isEqualTo(Files.readAllBytes(data.resolve("master.key")));
    }

    @Test
    void aMissingDirectoryOrMasterKeyWritesNothing() throws IOException {
        Path data = node();
        NodeBackup.Sources sources = new NodeBackup.Sources(data, data.resolve("master.key"), Optional.empty(), false);
        assertThatThrownBy(() -> NodeBackup.write(sources, dir.resolve("missing/x.backup"), PASSPHRASE, CLOCK))
                .hasMessageContaining("missing/x.backup does not exist");
        NodeBackup.Sources noKey = new NodeBackup.Sources(data, data.resolve("other.key"), Optional.empty(), false);
        assertThatThrownBy(() -> NodeBackup.write(noKey, dir.resolve("x.backup"), PASSPHRASE, CLOCK))
                .hasMessageContaining("other.key does not exist");
        assertThat(dir.resolve("x.backup")).doesNotExist();
        assertThat(dir.resolve("x.backup.tmp")).doesNotExist();
    }

    @Test
    void anUnfinishedMasterKeyRotationIsRefused() throws IOException {
        Path data = node();
        Files.write(data.resolve("master.key.next"), new byte[32]);
        assertThatThrownBy(() -> SignetServer.backup(
                        new ServerConfig("127.0.0.1", 0, data), dir.resolve("x.backup"), PASSPHRASE))
                .isInstanceOf(SignetServerException.class)
                .hasMessageContaining("no backup was written: a master-key rotation of")
                .hasMessageContaining("is unfinished");
        assertThat(dir.resolve("x.backup")).doesNotExist();
    }

    private Path node() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("master.key"), new byte[32]);
        Files.writeString(data.resolve("credentials"), "[signet]\n");
        return data;
    }
}
