package dev.signet.core.crypto;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MasterKeyTest {
    @TempDir
    Path dir;

    @Test
    void createsA32ByteOwnerOnlyFileAndReloadsTheSameKey() throws Exception {
        Path file = dir.resolve("sub/master.key");
        MasterKey key = MasterKey.loadOrCreate(file);
        assertThat(Files.size(file)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        byte[] sealed = key.seal("secret".getBytes(UTF_8), "purpose".getBytes(UTF_8));
        assertThat(MasterKey.loadOrCreate(file).unseal(sealed, "purpose".getBytes(UTF_8)))
                .isEqualTo("secret".getBytes(UTF_8));
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
    }

    @Test
    void sealIsRandomizedAndVersioned() {
        MasterKey key = MasterKey.loadOrCreate(dir.resolve("m"));
        byte[] a = key.seal(new byte[] {1, 2, 3}, new byte[0]);
        byte[] b = key.seal(new byte[] {1, 2, 3}, new byte[0]);
        assertThat(a).isNotEqualTo(b).hasSize(1 + 12 + 3 + 16);
        assertThat(a[0]).isEqualTo((byte) 1);
    }

    @Test
    void everySingleBitFlipIsRejected() {
        MasterKey key = MasterKey.loadOrCreate(dir.resolve("m"));
        byte[] sealed = key.seal("payload".getBytes(UTF_8), "aad".getBytes(UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            assertThatThrownBy(() -> key.unseal(bad, "aad".getBytes(UTF_8)))
                    .isInstanceOf(MasterKeyException.class)
                    .hasMessage(
                            i == 0
                                    ? "sealed data has unknown version 0"
                                    : "sealed data failed authentication (tampered, wrong master key or wrong purpose)");
        }
    }

    @Test
    void wrongAadWrongKeyAndTruncationAreRejected() {
        MasterKey key = MasterKey.loadOrCreate(dir.resolve("m"));
        MasterKey other = MasterKey.loadOrCreate(dir.resolve("other"));
        byte[] sealed = key.seal("payload".getBytes(UTF_8), "aad".getBytes(UTF_8));
        assertThatThrownBy(() -> key.unseal(sealed, "aae".getBytes(UTF_8)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessage("sealed data failed authentication (tampered, wrong master key or wrong purpose)");
        assertThatThrownBy(() -> other.unseal(sealed, "aad".getBytes(UTF_8)))
                .isInstanceOf(MasterKeyException.class)
                .hasMessage("sealed data failed authentication (tampered, wrong master key or wrong purpose)");
        assertThatThrownBy(() -> key.unseal(new byte[5], new byte[0]))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("too short");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void refusesAFileOfTheWrongLength(int length) throws Exception {
        Path file = dir.resolve("m");
        Files.write(file, new byte[length]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThatThrownBy(() -> MasterKey.loadOrCreate(file))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("exactly 32 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw----r--"})
    void refusesAFileOthersCanRead(String perms) throws Exception {
        Path file = dir.resolve("m");
        MasterKey.loadOrCreate(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        assertThatThrownBy(() -> MasterKey.loadOrCreate(file))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("group or others");
    }

    @Test
    void toStringRevealsNothing() throws Exception {
        Path file = dir.resolve("m");
        MasterKey key = MasterKey.loadOrCreate(file);
        String hex = java.util.HexFormat.of().formatHex(Files.readAllBytes(file));
        assertThat(key.toString().toLowerCase()).doesNotContain(hex.substring(0, 8));
    }

    @Test
    void concurrentCreatorsAgreeOnOneKey() throws Exception {
        Path file = dir.resolve("race/master.key");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<MasterKey>>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> MasterKey.loadOrCreate(file)));
            }
            byte[] sealed = futures.get(0)
                    .get(60, java.util.concurrent.TimeUnit.SECONDS)
                    .seal(new byte[] {42}, new byte[0]);
            for (var f : futures) {
                assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS).unseal(sealed, new byte[0]))
                        .containsExactly(42);
            }
        } finally {
            pool.shutdownNow();
        }
        try (var listing = Files.list(file.getParent())) {
            assertThat(listing).containsExactly(file);
        }
    }
}
