package dev.signet.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.Caller;
import dev.signet.server.service.account.Account;
import dev.signet.server.service.account.AccountRepository;
import dev.signet.server.service.principals.Principal;
import dev.signet.server.service.principals.StoredAccessKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The account registry (V15) on SQLite and PostgreSQL: the same SQL, the same answers. */
class JdbiAccountRepositoryTest {
    @RegisterExtension
    static final TestDatabases DATABASES = new TestDatabases();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final AtomicInteger IDS = new AtomicInteger();

    private static String accountId() {
        return String.format("9%011d", IDS.incrementAndGet());
    }

    private static Principal admin(String account) {
        return new Principal(
                UUID.randomUUID().toString(),
                "admin-" + account,
                "arn:aws:iam::" + account + ":user/admin",
                account,
                NOW,
                Caller.Kind.ADMINISTRATOR);
    }

    private static StoredAccessKey key(Principal principal) {
        return new StoredAccessKey(
                "AKIATEST" + String.format("%012d", IDS.incrementAndGet()),
                principal.principalId(),
                new byte[] {1, 2, 3},
                StoredAccessKey.Status.ACTIVE,
                NOW);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void createsAnAccountWithItsAdministratorAndKeyTogether(TestDatabase engine) {
        Database db = DATABASES.get(engine);
        AccountRepository accounts = new JdbiAccountRepository(db);
        JdbcPrincipalRepository principals = new JdbcPrincipalRepository(db);
        String id = accountId();
        Account account = new Account(id, "team b", NOW, Account.Status.ACTIVE);
        Principal admin = admin(id);
        StoredAccessKey key = key(admin);

        assertThat(accounts.create(account, admin, key)).isTrue();

        assertThat(accounts.find(id)).contains(account);
        assertThat(principals.findPrincipal(admin.principalId())).contains(admin);
        assertThat(principals.findAccessKey(key.accessKeyId()))
                .hasValueSatisfying(k -> assertThat(k.principalId()).isEqualTo(admin.principalId()));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTakenIdStoresNothing(TestDatabase engine) {
        Database db = DATABASES.get(engine);
        AccountRepository accounts = new JdbiAccountRepository(db);
        JdbcPrincipalRepository principals = new JdbcPrincipalRepository(db);
        String id = accountId();
        Principal first = admin(id);
        assertThat(accounts.create(new Account(id, "first", NOW, Account.Status.ACTIVE), first, key(first)))
                .isTrue();

        Principal second = new Principal(
                UUID.randomUUID().toString(), "other-" + id, first.arn(), id, NOW, Caller.Kind.ADMINISTRATOR);
        StoredAccessKey secondKey = key(second);
        assertThat(accounts.create(new Account(id, "second", NOW, Account.Status.ACTIVE), second, secondKey))
                .isFalse();

        assertThat(accounts.find(id).orElseThrow().name()).isEqualTo("first");
        assertThat(principals.findPrincipal(second.principalId())).isEmpty();
        assertThat(principals.findAccessKey(secondKey.accessKeyId())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aFailedAdministratorInsertLeavesNoAccount(TestDatabase engine) {
        Database db = DATABASES.get(engine);
        AccountRepository accounts = new JdbiAccountRepository(db);
        String taken = accountId();
        Principal existing = admin(taken);
        accounts.create(new Account(taken, "taken", NOW, Account.Status.ACTIVE), existing, key(existing));

        // a principal name is unique in the deployment: this administrator cannot be stored
        String id = accountId();
        Principal clash = new Principal(
                UUID.randomUUID().toString(),
                existing.name(),
                "arn:aws:iam::" + id + ":user/admin",
                id,
                NOW,
                Caller.Kind.ADMINISTRATOR);
        assertThatThrownBy(
                        () -> accounts.create(new Account(id, "clash", NOW, Account.Status.ACTIVE), clash, key(clash)))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not create account " + id);
        assertThat(accounts.find(id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void registersOnceAndListsOldestFirst(TestDatabase engine) {
        AccountRepository accounts = new JdbiAccountRepository(engine.open());
        String bootstrap = accountId();
        Account first = new Account(bootstrap, "bootstrap", NOW.minusSeconds(10), Account.Status.ACTIVE);
        assertThat(accounts.registerIfAbsent(first)).isTrue();
        assertThat(accounts.registerIfAbsent(new Account(bootstrap, "again", NOW, Account.Status.ACTIVE)))
                .isFalse();
        String later = accountId();
        Principal admin = admin(later);
        accounts.create(new Account(later, "later", NOW, Account.Status.ACTIVE), admin, key(admin));

        assertThat(accounts.list())
                .extracting(Account::accountId, Account::name)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(bootstrap, "bootstrap"),
                        org.assertj.core.groups.Tuple.tuple(later, "later"));
    }

    /**
     * A database made before V15, with its administrator and a bucket: after the migration its
     * administrator's account is in the registry and the bucket is that account's.
     */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void migratesAnExistingDeployment(TestDatabase engine) throws Exception {
        String url;
        if (engine == TestDatabase.SQLITE) {
            Path dir = Files.createTempDirectory("signet-v15-");
            dir.toFile().deleteOnExit();
            url = "jdbc:sqlite:" + dir.resolve("old.db");
        } else {
            url = TestDatabase.newPostgresUrl();
        }
        Flyway.configure()
                .dataSource(url, TestDatabase.USER, TestDatabase.USER)
                .locations("classpath:db/migration")
                .target("14")
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, TestDatabase.USER, TestDatabase.USER);
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO principals (principal_id, name, arn, account_id, created_at, kind) VALUES"
                    + " ('p1', 'admin', 'arn:aws:iam::123456789012:user/admin', '123456789012', 1000,"
                    + " 'ADMINISTRATOR')");
            s.execute("INSERT INTO buckets (name, versioning, created_at) VALUES ('old-bucket', 'UNVERSIONED', 2000)");
        }

        Database db = engine == TestDatabase.SQLITE
                ? Database.sqlite(Path.of(url.substring("jdbc:sqlite:".length())))
                : Database.postgres(url, TestDatabase.USER, TestDatabase.USER);
        try {
            assertThat(new JdbiAccountRepository(db).list())
                    .containsExactly(new Account(
                            "123456789012", "bootstrap", Instant.ofEpochMilli(1000), Account.Status.ACTIVE));
            String owner = db.jdbi()
                    .withHandle(h -> h.createQuery("SELECT owner_account FROM buckets WHERE name = 'old-bucket'")
                            .mapTo(String.class)
                            .one());
            assertThat(owner).isEqualTo("123456789012");
        } finally {
            db.close();
        }
    }
}
