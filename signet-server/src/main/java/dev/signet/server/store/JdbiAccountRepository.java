package dev.signet.server.store;

import dev.signet.server.service.account.Account;
import dev.signet.server.service.account.AccountRepository;
import dev.signet.server.service.principals.Principal;
import dev.signet.server.service.principals.StoredAccessKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** {@link AccountRepository} over {@link Database}: table {@code accounts} (V15), the same SQL on SQLite and PostgreSQL. */
public final class JdbiAccountRepository implements AccountRepository {
    private static final String COLUMNS = "account_id, account_name, created_at, status";

    private final Database database;

    public JdbiAccountRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public boolean create(Account account, Principal administrator, StoredAccessKey firstKey) {
        if (!administrator.accountId().equals(account.accountId())
                || !firstKey.principalId().equals(administrator.principalId())) {
            throw new IllegalArgumentException("the administrator and key belong to another account");
        }
        try {
            return database.jdbi().inTransaction(h -> {
                if (exists(h, account.accountId())) {
                    return false;
                }
                insert(h, account);
                JdbcPrincipalRepository.insertPrincipal(h, administrator);
                JdbcPrincipalRepository.insertKey(h, firstKey);
                return true;
            });
        } catch (JdbiException e) {
            // a concurrent create of the same id loses on the primary key: its transaction rolled back whole
            if (find(account.accountId()).isPresent()) {
                return false;
            }
            throw new StoreException("could not create account " + account.accountId(), e);
        }
    }

    @Override
    public boolean registerIfAbsent(Account account) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (exists(h, account.accountId())) {
                    return false;
                }
                insert(h, account);
                return true;
            });
        } catch (JdbiException e) {
            if (find(account.accountId()).isPresent()) {
                return false; // another node registered it first
            }
            throw new StoreException("could not register account " + account.accountId(), e);
        }
    }

    @Override
    public Optional<Account> find(String accountId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM accounts WHERE account_id = :id")
                        .bind("id", accountId)
                        .map((rs, ctx) -> account(rs))
                        .findOne());
    }

    @Override
    public List<Account> list() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM accounts ORDER BY created_at, account_id")
                        .map((rs, ctx) -> account(rs))
                        .list());
    }

    private static boolean exists(Handle h, String accountId) {
        return h.createQuery("SELECT COUNT(*) FROM accounts WHERE account_id = :id")
                        .bind("id", accountId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    private static void insert(Handle h, Account account) {
        h.createUpdate("INSERT INTO accounts (" + COLUMNS + ") VALUES (:id, :name, :created, :status)")
                .bind("id", account.accountId())
                .bind("name", account.name())
                .bind("created", account.createdAt().toEpochMilli())
                .bind("status", account.status().name())
                .execute();
    }

    private static Account account(ResultSet rs) throws SQLException {
        return new Account(
                rs.getString("account_id"),
                rs.getString("account_name"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Account.Status.valueOf(rs.getString("status")));
    }
}
