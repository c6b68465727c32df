package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.IamUserRepository;
import dev.signet.server.service.iam.IamUserRepository.Outcome;
import dev.signet.server.service.principals.AccessKeyUse;
import dev.signet.server.service.principals.StoredAccessKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** IAM users and their keys on SQLite and PostgreSQL: the same SQL, the same answers. */
class JdbiIamUserRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final AtomicInteger IDS = new AtomicInteger();

    private static IamUser user(String account, String path, String name) {
        String id = "AIDATEST" + String.format("%013d", IDS.incrementAndGet());
        return new IamUser(id, account, path, name, "arn:aws:iam::" + account + ":user" + path + name, NOW);
    }

    private static StoredAccessKey key(String id, String principalId) {
        return new StoredAccessKey(id, principalId, new byte[] {9}, StoredAccessKey.Status.ACTIVE, NOW);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void createsAndFindsUsersRegardlessOfCase(TestDatabase engine) {
        IamUserRepository users = new JdbiIamUserRepository(DATABASES.get(engine));
        IamUser alice = user("111111111111", "/team/", "Alice");
        assertThat(users.create(alice, Map.of("k", "v"))).isEqualTo(Outcome.DONE);

        assertThat(users.find("111111111111", "alice")).contains(alice);
        assertThat(users.findById(alice.userId())).contains(alice);
        assertThat(users.find("222222222222", "Alice")).as("another account").isEmpty();
        assertThat(users.tags(alice.userId())).isEqualTo(Map.of("k", "v"));
        assertThat(users.create(user("111111111111", "/", "ALICE"), Map.of())).isEqualTo(Outcome.ALREADY_EXISTS);
        assertThat(new JdbcPrincipalRepository(DATABASES.get(engine)).findPrincipal(alice.userId()))
                .as("the user's principal")
                .hasValueSatisfying(p -> assertThat(p.arn()).isEqualTo(alice.arn()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void listsByPathPrefixInNameOrderAfterAPosition(TestDatabase engine) {
        IamUserRepository users = new JdbiIamUserRepository(DATABASES.get(engine));
        String account = "3333333333" + engine.ordinal() + "1";
        for (String name : List.of("carol", "Bob", "dave")) {
            users.create(user(account, "/a%_/", name), Map.of());
        }
        users.create(user(account, "/b/", "erin"), Map.of());

        assertThat(users.list(account, "/", Optional.empty(), 10))
                .extracting(IamUser::userName)
                .containsExactly("Bob", "carol", "dave", "erin");
        assertThat(users.list(account, "/a%_/", Optional.empty(), 10))
                .extracting(IamUser::userName)
                .containsExactly("Bob", "carol", "dave");
        assertThat(users.list(account, "/a%", Optional.of("bob"), 1))
                .extracting(IamUser::userName)
                .containsExactly("carol");
        assertThat(users.list(account, "/ax", Optional.empty(), 10)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deletesOnlyAUserWithoutKeys(TestDatabase engine) {
        IamUserRepository users = new JdbiIamUserRepository(DATABASES.get(engine));
        JdbcPrincipalRepository principals = new JdbcPrincipalRepository(DATABASES.get(engine));
        IamUser frank = user("444444444444", "/", "frank");
        users.create(frank, Map.of("team", "x"));
        assertThat(principals.addAccessKeyWithin(key("AKIAFRANK000000" + engine.ordinal() + "1", frank.userId()), 2))
                .isTrue();

        assertThat(users.delete("444444444444", "FRANK")).isEqualTo(Outcome.HAS_ACCESS_KEYS);
        assertThat(users.find("444444444444", "frank")).as("unchanged").contains(frank);

        assertThat(principals.deleteAccessKey(frank.userId(), "AKIAFRANK000000" + engine.ordinal() + "1"))
                .isTrue();
        assertThat(users.delete("444444444444", "frank")).isEqualTo(Outcome.DONE);
        assertThat(users.find("444444444444", "frank")).isEmpty();
        assertThat(principals.findPrincipal(frank.userId())).isEmpty();
        assertThat(users.delete("444444444444", "frank")).isEqualTo(Outcome.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void mergesTagsUpToTheLimit(TestDatabase engine) {
        IamUserRepository users = new JdbiIamUserRepository(DATABASES.get(engine));
        IamUser grace = user("555555555555", "/", "grace");
        users.create(grace, Map.of("a", "1", "b", "2"));

        assertThat(users.tag(grace.userId(), Map.of("b", "3", "c", "4"), 3)).isEqualTo(Outcome.DONE);
        assertThat(users.tags(grace.userId())).isEqualTo(Map.of("a", "1", "b", "3", "c", "4"));
        Map<String, String> more = new LinkedHashMap<>(Map.of("d", "5"));
        assertThat(users.tag(grace.userId(), more, 3)).isEqualTo(Outcome.TOO_MANY_TAGS);
        assertThat(users.tags(grace.userId())).as("unchanged").hasSize(3);
        assertThat(users.tag("AIDANOSUCHUSER0000000", Map.of("a", "b"), 3)).isEqualTo(Outcome.NOT_FOUND);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void keysHaveALimitAStatusAndALastUse(TestDatabase engine) {
        IamUserRepository users = new JdbiIamUserRepository(DATABASES.get(engine));
        JdbcPrincipalRepository principals = new JdbcPrincipalRepository(DATABASES.get(engine));
        IamUser heidi = user("666666666666", "/", "heidi");
        users.create(heidi, Map.of());
        String k1 = "AKIAHEIDI00000" + engine.ordinal() + "01";
        String k2 = "AKIAHEIDI00000" + engine.ordinal() + "02";
        assertThat(principals.addAccessKeyWithin(key(k1, heidi.userId()), 2)).isTrue();
        assertThat(principals.addAccessKeyWithin(key(k2, heidi.userId()), 2)).isTrue();
        assertThat(principals.addAccessKeyWithin(key(k2 + "X", heidi.userId()), 2))
                .as("a third key")
                .isFalse();
        assertThat(principals.findAccessKey(k2 + "X")).isEmpty();

        assertThat(principals.setStatus(heidi.userId(), k1, StoredAccessKey.Status.INACTIVE))
                .isTrue();
        assertThat(principals.findAccessKey(k1).orElseThrow().status()).isEqualTo(StoredAccessKey.Status.INACTIVE);
        assertThat(principals.setStatus("AIDAOTHER", k1, StoredAccessKey.Status.ACTIVE))
                .as("another principal's key")
                .isFalse();

        assertThat(principals.lastUse(k2)).isEmpty();
        principals.recordUse(k2, NOW, "signer", "us-east-1");
        assertThat(principals.lastUse(k2)).contains(new AccessKeyUse(NOW, "signer", "us-east-1"));
    }
}
