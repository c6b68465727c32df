package dev.signet.server.service.principals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.MasterKeyException;
import dev.signet.server.service.Arns;
import dev.signet.server.store.Database;
import dev.signet.server.store.JdbcPrincipalRepository;
import dev.signet.server.store.StoredAccessKey;
import dev.signet.server.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AccessKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void bootstrapIssuesOneSealedAdminKey(TestDatabase engine) {
        try (Database db = engine.open()) {
            MasterKey master = MasterKey.loadOrCreate(dir.resolve("master.key"));
            JdbcPrincipalRepository repo = new JdbcPrincipalRepository(db);
            AccessKeys keys = new AccessKeys(repo, master, Arns.defaults(), Clock.systemUTC());

            IssuedAccessKey issued = keys.bootstrapAdmin(k -> {}).orElseThrow();
            assertThat(issued.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            assertThat(issued.secretAccessKey()).hasSize(40);
            assertThat(issued.toString()).doesNotContain(issued.secretAccessKey());
            assertThat(keys.bootstrapAdmin(k -> {})).as("only once").isEmpty();

            ActiveAccessKey active = keys.resolve(issued.accessKeyId()).orElseThrow();
            assertThat(active.secretAccessKey()).isEqualTo(issued.secretAccessKey());
            assertThat(active.caller().principalArn()).isEqualTo("arn:aws:iam::000000000000:user/admin");
            assertThat(active.caller().accountId()).isEqualTo("000000000000");
            assertThat(active.toString()).doesNotContain(issued.secretAccessKey());

            StoredAccessKey stored = repo.findAccessKey(issued.accessKeyId()).orElseThrow();
            assertThat(new String(stored.sealedSecret(), StandardCharsets.ISO_8859_1))
                    .doesNotContain(issued.secretAccessKey());
            assertThatThrownBy(() -> master.unseal(stored.sealedSecret(), "another key id".getBytes()))
                    .as("the sealed secret is bound to its key id")
                    .isInstanceOf(MasterKeyException.class)
                    .hasMessage("sealed data failed authentication (tampered, wrong master key or wrong purpose)");
            assertThat(keys.resolve("AKIANOTAKEY000000000")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedCredentialsWriteStoresNothing(TestDatabase engine) {
        try (Database db = engine.open()) {
            MasterKey master = MasterKey.loadOrCreate(dir.resolve("master.key"));
            JdbcPrincipalRepository repo = new JdbcPrincipalRepository(db);
            AccessKeys keys = new AccessKeys(repo, master, Arns.defaults(), Clock.systemUTC());
            assertThatThrownBy(() -> keys.bootstrapAdmin(k -> {
                        throw new IllegalStateException("disk full");
                    }))
                    .hasMessage("disk full");
            assertThat(repo.countPrincipals()).isZero();
            assertThat(keys.bootstrapAdmin(k -> {})).isPresent();
            assertThat(repo.findPrincipalByName("admin")).isPresent();
            assertThat(Optional.of(repo.countPrincipals())).contains(1L);
        }
    }
}
