package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Caller;
import dev.signet.server.service.principals.Principal;
import dev.signet.server.service.principals.PrincipalRepository;
import dev.signet.server.service.principals.StoredAccessKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcPrincipalRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static Principal principal(String name) {
        return new Principal(
                UUID.randomUUID().toString(),
                name,
                "arn:aws:iam::000000000000:user/" + name,
                "000000000000",
                NOW,
                Caller.Kind.ADMINISTRATOR);
    }

    static StoredAccessKey key(String id, Principal p) {
        return new StoredAccessKey(id, p.principalId(), new byte[] {1, 2, 3, 4}, StoredAccessKey.Status.ACTIVE, NOW);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesAndFindsPrincipalsAndKeys(TestDatabase engine) {
        PrincipalRepository repo = new JdbcPrincipalRepository(DATABASES.get(engine));
        Principal alice = principal("alice-" + engine);
        repo.create(alice, key("AKIAALICE" + engine, alice));
        repo.addAccessKey(key("AKIAALICE2" + engine, alice));

        assertThat(repo.findPrincipal(alice.principalId())).contains(alice);
        assertThat(repo.findPrincipalByName(alice.name())).contains(alice);
        StoredAccessKey found = repo.findAccessKey("AKIAALICE2" + engine).orElseThrow();
        assertThat(found.principalId()).isEqualTo(alice.principalId());
        assertThat(found.sealedSecret()).containsExactly(1, 2, 3, 4);
        assertThat(found.status()).isEqualTo(StoredAccessKey.Status.ACTIVE);
        assertThat(found.createdAt()).isEqualTo(NOW);
        assertThat(found.toString()).doesNotContain("[1, 2");
        assertThat(repo.findAccessKey("AKIANOPE")).isEmpty();
        assertThat(repo.countPrincipals()).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusesDuplicatesAndChangesNothing(TestDatabase engine) {
        PrincipalRepository repo = new JdbcPrincipalRepository(DATABASES.get(engine));
        Principal bob = principal("bob-" + engine);
        repo.create(bob, key("AKIABOB" + engine, bob));
        long before = repo.countPrincipals();

        Principal bobAgain = principal("bob-" + engine);
        assertThatThrownBy(() -> repo.create(bobAgain, key("AKIABOBX" + engine, bobAgain)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not create principal");
        assertThat(repo.findAccessKey("AKIABOBX" + engine))
                .as("the key of a refused principal")
                .isEmpty();

        Principal carol = principal("carol-" + engine);
        assertThatThrownBy(() -> repo.create(carol, key("AKIABOB" + engine, carol)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not create principal");
        assertThat(repo.findPrincipalByName(carol.name()))
                .as("rolled back with its key")
                .isEmpty();
        assertThat(repo.countPrincipals()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void refusesAKeyForAnUnknownPrincipal(TestDatabase engine) {
        PrincipalRepository repo = new JdbcPrincipalRepository(DATABASES.get(engine));
        Principal ghost = principal("ghost-" + engine);
        assertThatThrownBy(() -> repo.addAccessKey(key("AKIAGHOST" + engine, ghost)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not add access key");
    }
}
