package dev.signet.server.store;

import dev.signet.server.service.Caller;
import dev.signet.server.service.iam.IamUser;
import dev.signet.server.service.iam.IamUserRepository;
import dev.signet.server.service.principals.Principal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link IamUserRepository} over {@link Database}; the same SQL on SQLite and PostgreSQL. A user is
 * a row of {@code principals} (kind USER, named by its user id) and one of {@code iam_users}.
 */
public final class JdbiIamUserRepository implements IamUserRepository {
    private static final String SELECT = "SELECT u.user_id, u.account_id, u.path, u.user_name, u.created_at, p.arn"
            + " FROM iam_users u JOIN principals p ON p.principal_id = u.user_id WHERE ";

    private final Database database;

    public JdbiIamUserRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Outcome create(IamUser user, Map<String, String> tags) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (findByName(h, user.accountId(), user.userName()).isPresent()) {
                    return Outcome.ALREADY_EXISTS;
                }
                JdbcPrincipalRepository.insertPrincipal(
                        h,
                        new Principal(
                                user.userId(),
                                user.userId(),
                                user.arn(),
                                user.accountId(),
                                user.createdAt(),
                                Caller.Kind.USER));
                h.createUpdate("INSERT INTO iam_users (user_id, account_id, user_name, name_key, path, created_at)"
                                + " VALUES (:id, :account, :name, :key, :path, :created)")
                        .bind("id", user.userId())
                        .bind("account", user.accountId())
                        .bind("name", user.userName())
                        .bind("key", nameKey(user.userName()))
                        .bind("path", user.path())
                        .bind("created", user.createdAt().toEpochMilli())
                        .execute();
                putTags(h, user.userId(), tags);
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            // a concurrent create of the same name lost the race on the unique key
            if (find(user.accountId(), user.userName()).isPresent()) {
                return Outcome.ALREADY_EXISTS;
            }
            throw new StoreException("could not create user " + user.userName(), e);
        }
    }

    @Override
    public Optional<IamUser> find(String accountId, String userName) {
        return database.jdbi().withHandle(h -> findByName(h, accountId, userName));
    }

    private Optional<IamUser> findByName(Handle h, String accountId, String userName) {
        return h.createQuery(SELECT + "u.account_id = :account AND u.name_key = :key")
                .bind("account", accountId)
                .bind("key", nameKey(userName))
                .map(this::user)
                .findOne();
    }

    @Override
    public Optional<IamUser> findById(String userId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(SELECT + "u.user_id = :id")
                        .bind("id", userId)
                        .map(this::user)
                        .findOne());
    }

    @Override
    public List<IamUser> list(String accountId, String pathPrefix, Optional<String> afterNameKey, int limit) {
        // substr, not LIKE: a path may hold % and _
        return database.jdbi()
                .withHandle(h -> h.createQuery(SELECT + "u.account_id = :account"
                                + " AND substr(u.path, 1, :prefixLength) = :prefix AND u.name_key > :after"
                                + " ORDER BY u.name_key LIMIT :limit")
                        .bind("account", accountId)
                        .bind("prefixLength", pathPrefix.length())
                        .bind("prefix", pathPrefix)
                        .bind("after", afterNameKey.orElse(""))
                        .bind("limit", limit)
                        .map(this::user)
                        .list());
    }

    @Override
    public Outcome delete(String accountId, String userName) {
        try {
            return database.jdbi().inTransaction(h -> {
                Optional<IamUser> user = findByName(h, accountId, userName);
                if (user.isEmpty()) {
                    return Outcome.NOT_FOUND;
                }
                String id = user.get().userId();
                // lock the principal's row first, so a key cannot be added while we count
                h.createUpdate("UPDATE principals SET kind = kind WHERE principal_id = :id")
                        .bind("id", id)
                        .execute();
                long keys = h.createQuery("SELECT COUNT(*) FROM access_keys WHERE principal_id = :id")
                        .bind("id", id)
                        .mapTo(Long.class)
                        .one();
                if (keys > 0) {
                    return Outcome.HAS_ACCESS_KEYS;
                }
                if (h.createQuery("SELECT COUNT(*) FROM iam_inline_policies WHERE owner_id = :id")
                                .bind("id", id)
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    return Outcome.HAS_POLICIES;
                }
                if (h.createQuery("SELECT COUNT(*) FROM iam_group_members WHERE user_id = :id")
                                .bind("id", id)
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    return Outcome.HAS_GROUPS;
                }
                if (h.createQuery("SELECT COUNT(*) FROM iam_policy_attachments WHERE owner_id = :id")
                                .bind("id", id)
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    return Outcome.HAS_ATTACHED_POLICIES;
                }
                for (String table : List.of("iam_user_tags", "iam_users")) {
                    h.createUpdate("DELETE FROM " + table + " WHERE user_id = :id")
                            .bind("id", id)
                            .execute();
                }
                h.createUpdate("DELETE FROM principals WHERE principal_id = :id")
                        .bind("id", id)
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not delete user " + userName, e);
        }
    }

    @Override
    public Outcome tag(String userId, Map<String, String> tags, int max) {
        try {
            return database.jdbi().inTransaction(h -> {
                int locked = h.createUpdate("UPDATE principals SET kind = kind WHERE principal_id = :id")
                        .bind("id", userId)
                        .execute();
                if (locked == 0) {
                    return Outcome.NOT_FOUND;
                }
                Map<String, String> merged = new LinkedHashMap<>(tags(h, userId));
                merged.putAll(tags);
                if (merged.size() > max) {
                    return Outcome.TOO_MANY_TAGS;
                }
                h.createUpdate("DELETE FROM iam_user_tags WHERE user_id = :id")
                        .bind("id", userId)
                        .execute();
                putTags(h, userId, merged);
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not tag user " + userId, e);
        }
    }

    @Override
    public Map<String, String> tags(String userId) {
        return database.jdbi().withHandle(h -> tags(h, userId));
    }

    private static Map<String, String> tags(Handle h, String userId) {
        Map<String, String> tags = new LinkedHashMap<>();
        h.createQuery("SELECT tag_key, tag_value FROM iam_user_tags WHERE user_id = :id ORDER BY tag_key")
                .bind("id", userId)
                .map((rs, ctx) -> Map.entry(rs.getString("tag_key"), rs.getString("tag_value")))
                .forEach(e -> tags.put(e.getKey(), e.getValue()));
        return tags;
    }

    private static void putTags(Handle h, String userId, Map<String, String> tags) {
        tags.forEach((k, v) -> h.createUpdate(
                        "INSERT INTO iam_user_tags (user_id, tag_key, tag_value) VALUES (:id, :key, :value)")
                .bind("id", userId)
                .bind("key", k)
                .bind("value", v)
                .execute());
    }

    /** IAM names are unique regardless of case. */
    private static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private IamUser user(ResultSet rs, StatementContext ctx) throws SQLException {
        return new IamUser(
                rs.getString("user_id"),
                rs.getString("account_id"),
                rs.getString("path"),
                rs.getString("user_name"),
                rs.getString("arn"),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
