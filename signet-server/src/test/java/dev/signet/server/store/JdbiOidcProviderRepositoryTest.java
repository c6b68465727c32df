package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.oidc.OidcProvider;
import dev.signet.server.service.oidc.OidcProviderRepository;
import dev.signet.server.service.oidc.OidcProviderRepository.AddOutcome;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** IAM's OIDC providers (V16) on SQLite and PostgreSQL: the same SQL, the same answers. */
class JdbiOidcProviderRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final AtomicInteger ACCOUNTS = new AtomicInteger(100);

    /** A fresh account per test, so the tests share the class's databases without seeing each other. */
    private static String account() {
        return String.format("%012d", ACCOUNTS.incrementAndGet());
    }

    private static OidcProvider provider(String account, String key, List<String> clientIds) {
        return new OidcProvider(
                account,
                key,
                "https://" + key,
                clientIds,
                List.of("0123456789abcdef0123456789abcdef01234567"),
                Map.of("team", "ci", "env", "prod"),
                NOW);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void storesFindsAndListsProvidersPerAccount(TestDatabase engine) {
        OidcProviderRepository providers = new JdbiOidcProviderRepository(DATABASES.get(engine));
        String account = account();
        OidcProvider github =
                provider(account, "token.actions.githubusercontent.com", List.of("sts.amazonaws.com", "signet"));
        OidcProvider gitlab = provider(account, "gitlab.example.com/ci", List.of("signet"));
        assertThat(providers.create(github)).isTrue();
        assertThat(providers.create(gitlab)).isTrue();
        assertThat(providers.create(provider(account, github.key(), List.of()))).isFalse();
        providers.create(provider(account(), github.key(), List.of("other")));

        assertThat(providers.find(account, github.key())).contains(github);
        assertThat(providers.find(account, "absent.example.com")).isEmpty();
        assertThat(providers.list(account)).containsExactly(gitlab, github);
        assertThat(providers.count(account)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void addsAndRemovesClientIdsInOrderWithinTheLimit(TestDatabase engine) {
        OidcProviderRepository providers = new JdbiOidcProviderRepository(DATABASES.get(engine));
        String account = account();
        String key = "issuer.example.com";
        providers.create(provider(account, key, List.of("b", "a")));

        assertThat(providers.addClientId(account, key, "c", 4)).isEqualTo(AddOutcome.ADDED);
        assertThat(providers.addClientId(account, key, "a", 4)).isEqualTo(AddOutcome.ALREADY_THERE);
        assertThat(providers.addClientId(account, key, "d", 4)).isEqualTo(AddOutcome.ADDED);
        assertThat(providers.addClientId(account, key, "e", 4)).isEqualTo(AddOutcome.LIMIT_REACHED);
        assertThat(providers.addClientId(account, "absent.example.com", "e", 4)).isEqualTo(AddOutcome.NO_PROVIDER);
        assertThat(providers.find(account, key).orElseThrow().clientIds()).containsExactly("b", "a", "c", "d");

        assertThat(providers.removeClientId(account, key, "a")).isTrue();
        assertThat(providers.removeClientId(account, key, "never-added")).isTrue();
        assertThat(providers.removeClientId(account, "absent.example.com", "b")).isFalse();
        assertThat(providers.find(account, key).orElseThrow().clientIds()).containsExactly("b", "c", "d");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void replacesThumbprintsAndDeletesWithClientIds(TestDatabase engine) {
        OidcProviderRepository providers = new JdbiOidcProviderRepository(DATABASES.get(engine));
        String account = account();
        String key = "issuer.example.com/tenant";
        providers.create(provider(account, key, List.of("a")));
        List<String> prints = List.of("a".repeat(40), "b".repeat(40));

        assertThat(providers.replaceThumbprints(account, key, prints)).isTrue();
        assertThat(providers.replaceThumbprints(account, "absent.example.com", prints))
                .isFalse();
        assertThat(providers.find(account, key).orElseThrow().thumbprints()).isEqualTo(prints);

        assertThat(providers.delete(account, key)).isTrue();
        assertThat(providers.delete(account, key)).isFalse();
        assertThat(providers.find(account, key)).isEmpty();
        // made anew under the same key: none of the old client ids comes back
        providers.create(provider(account, key, List.of("z")));
        assertThat(providers.find(account, key).orElseThrow().clientIds()).containsExactly("z");
    }
}
