package dev.signet.server.store;

import dev.signet.server.service.Caller;
import dev.signet.server.service.principals.AccessKeyUse;
import dev.signet.server.service.principals.Principal;
import dev.signet.server.service.principals.PrincipalRepository;
import dev.signet.server.service.principals.StoredAccessKey;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link PrincipalRepository} over {@link Database}; the same SQL on SQLite and PostgreSQL. */
public final class JdbcPrincipalRepository implements PrincipalRepository {
    private final Database database;

    public JdbcPrincipalRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void create(Principal principal, StoredAccessKey firstKey) {
        if (!firstKey.principalId().equals(principal.principalId())) {
            throw new IllegalArgumentException("the key belongs to another principal");
        }
        try {
            database.jdbi().useTransaction(h -> {
                insertPrincipal(h, principal);
                insertKey(h, firstKey);
            });
        } catch (JdbiException e) {
            throw new StoreException("could not create principal " + principal.name(), e);
        }
    }

    /** Inserts a principal row; the IAM user store calls it inside its own transaction. */
    static void insertPrincipal(Handle h, Principal principal) {
        h.createUpdate("INSERT INTO principals (principal_id, name, arn, account_id, created_at, kind)"
                        + " VALUES (:id, :name, :arn, :account, :created, :kind)")
                .bind("id", principal.principalId())
                .bind("name", principal.name())
                .bind("arn", principal.arn())
                .bind("account", principal.accountId())
                .bind("created", principal.createdAt().toEpochMilli())
                .bind("kind", principal.kind().name())
                .execute();
    }

    @Override
    public void addAccessKey(StoredAccessKey key) {
        try {
            database.jdbi().useHandle(h -> insertKey(h, key));
        } catch (JdbiException e) {
            throw new StoreException("could not add access key " + key.accessKeyId(), e);
        }
    }

    /** Inserts an access key row; the account registry calls it inside its own transaction. */
    static void insertKey(Handle h, StoredAccessKey key) {
        h.createUpdate("INSERT INTO access_keys (access_key_id, principal_id, secret_sealed, status, created_at)"
                        + " VALUES (:id, :principal, :sealed, :status, :created)")
                .bind("id", key.accessKeyId())
                .bind("principal", key.principalId())
                .bind("sealed", Base64.getEncoder().encodeToString(key.sealedSecret()))
                .bind("status", key.status().name())
                .bind("created", key.createdAt().toEpochMilli())
                .execute();
    }

    @Override
    public Optional<Principal> findPrincipal(String principalId) {
        return findPrincipalBy("principal_id", principalId);
    }

    @Override
    public Optional<Principal> findPrincipalByName(String name) {
        return findPrincipalBy("name", name);
    }

    private Optional<Principal> findPrincipalBy(String column, String value) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT principal_id, name, arn, account_id, created_at, kind FROM principals WHERE "
                                        + column + " = :v")
                        .bind("v", value)
                        .map((rs, ctx) -> new Principal(
                                rs.getString("principal_id"),
                                rs.getString("name"),
                                rs.getString("arn"),
                                rs.getString("account_id"),
                                Instant.ofEpochMilli(rs.getLong("created_at")),
                                Caller.Kind.valueOf(rs.getString("kind"))))
                        .findOne());
    }

    @Override
    public Optional<StoredAccessKey> findAccessKey(String accessKeyId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT access_key_id, principal_id, secret_sealed, status, created_at FROM access_keys"
                                        + " WHERE access_key_id = :id")
                        .bind("id", accessKeyId)
                        .map(JdbcPrincipalRepository::accessKey)
                        .findOne());
    }

    @Override
    public List<StoredAccessKey> accessKeysOf(String principalId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT access_key_id, principal_id, secret_sealed, status, created_at FROM access_keys"
                                        + " WHERE principal_id = :id ORDER BY created_at, access_key_id")
                        .bind("id", principalId)
                        .map(JdbcPrincipalRepository::accessKey)
                        .list());
    }

    private static StoredAccessKey accessKey(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredAccessKey(
                rs.getString("access_key_id"),
                rs.getString("principal_id"),
                Base64.getDecoder().decode(rs.getString("secret_sealed")),
                StoredAccessKey.Status.valueOf(rs.getString("status")),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public long countPrincipals() {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM principals")
                        .mapTo(Long.class)
                        .one());
    }

    @Override
    public boolean addAccessKeyWithin(StoredAccessKey key, int max) {
        try {
            return database.jdbi().inTransaction(h -> {
                // a no-op update locks the principal's row (PostgreSQL) or the database (SQLite), so
                // two requests cannot both see room for one more key
                int locked = h.createUpdate("UPDATE principals SET kind = kind WHERE principal_id = :id")
                        .bind("id", key.principalId())
                        .execute();
                if (locked == 0) {
                    throw new StoreException("no principal " + key.principalId());
                }
                long count = h.createQuery("SELECT COUNT(*) FROM access_keys WHERE principal_id = :id")
                        .bind("id", key.principalId())
                        .mapTo(Long.class)
                        .one();
                if (count >= max) {
                    return false;
                }
                insertKey(h, key);
                return true;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not add access key " + key.accessKeyId(), e);
        }
    }

    @Override
    public boolean setStatus(String principalId, String accessKeyId, StoredAccessKey.Status status) {
        return database.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE access_keys SET status = :status"
                                        + " WHERE access_key_id = :id AND principal_id = :principal")
                                .bind("status", status.name())
                                .bind("id", accessKeyId)
                                .bind("principal", principalId)
                                .execute())
                == 1;
    }

    @Override
    public boolean deleteAccessKey(String principalId, String accessKeyId) {
        return database.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM access_keys WHERE access_key_id = :id AND principal_id = :principal")
                                .bind("id", accessKeyId)
                                .bind("principal", principalId)
                                .execute())
                == 1;
    }

    @Override
    public void recordUse(String accessKeyId, Instant at, String service, String region) {
        database.jdbi()
                .useHandle(
                        h -> h.createUpdate("UPDATE access_keys SET last_used_at = :at, last_used_service = :service,"
                                        + " last_used_region = :region WHERE access_key_id = :id")
                                .bind("at", at.toEpochMilli())
                                .bind("service", service)
                                .bind("region", region)
                                .bind("id", accessKeyId)
                                .execute());
    }

    @Override
    public Optional<AccessKeyUse> lastUse(String accessKeyId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT last_used_at, last_used_service, last_used_region"
                                + " FROM access_keys WHERE access_key_id = :id AND last_used_at IS NOT NULL")
                        .bind("id", accessKeyId)
                        .map((rs, ctx) -> new AccessKeyUse(
                                Instant.ofEpochMilli(rs.getLong("last_used_at")),
                                rs.getString("last_used_service"),
                                rs.getString("last_used_region")))
                        .findOne());
    }
}
