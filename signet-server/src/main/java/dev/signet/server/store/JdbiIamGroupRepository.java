package dev.signet.server.store;

import dev.signet.server.service.iam.IamGroup;
import dev.signet.server.service.iam.IamGroupRepository;
import dev.signet.server.service.iam.IamUser;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link IamGroupRepository} over {@link Database}; the same SQL on SQLite and PostgreSQL. */
public final class JdbiIamGroupRepository implements IamGroupRepository {
    private static final String GROUP_COLUMNS = "g.group_id, g.account_id, g.path, g.group_name, g.created_at";

    private final Database database;
    private final String partition;

    /** @param partition the ARN partition ({@code aws}) of the groups' ARNs */
    public JdbiIamGroupRepository(Database database, String partition) {
        this.database = Objects.requireNonNull(database, "database");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    @Override
    public Outcome create(IamGroup group) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (findByName(h, group.accountId(), group.groupName()).isPresent()) {
                    return Outcome.ALREADY_EXISTS;
                }
                h.createUpdate("INSERT INTO iam_groups (group_id, account_id, group_name, name_key, path, created_at)"
                                + " VALUES (:id, :account, :name, :key, :path, :created)")
                        .bind("id", group.groupId())
                        .bind("account", group.accountId())
                        .bind("name", group.groupName())
                        .bind("key", group.groupName().toLowerCase(Locale.ROOT))
                        .bind("path", group.path())
                        .bind("created", group.createdAt().toEpochMilli())
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            if (find(group.accountId(), group.groupName()).isPresent()) {
                return Outcome.ALREADY_EXISTS;
            }
            throw new StoreException("could not create group " + group.groupName(), e);
        }
    }

    @Override
    public Optional<IamGroup> find(String accountId, String groupName) {
        return database.jdbi().withHandle(h -> findByName(h, accountId, groupName));
    }

    private Optional<IamGroup> findByName(Handle h, String accountId, String groupName) {
        return h.createQuery("SELECT " + GROUP_COLUMNS + " FROM iam_groups g"
                        + " WHERE g.account_id = :account AND g.name_key = :key")
                .bind("account", accountId)
                .bind("key", groupName.toLowerCase(Locale.ROOT))
                .map(this::group)
                .findOne();
    }

    @Override
    public Outcome delete(String groupId) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (count(h, "SELECT COUNT(*) FROM iam_group_members WHERE group_id = :id", groupId) > 0) {
                    return Outcome.HAS_MEMBERS;
                }
                if (count(h, "SELECT COUNT(*) FROM iam_inline_policies WHERE owner_id = :id", groupId) > 0) {
                    return Outcome.HAS_POLICIES;
                }
                if (count(h, "SELECT COUNT(*) FROM iam_policy_attachments WHERE owner_id = :id", groupId) > 0) {
                    return Outcome.HAS_ATTACHED_POLICIES;
                }
                h.createUpdate("DELETE FROM iam_groups WHERE group_id = :id")
                        .bind("id", groupId)
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not delete group " + groupId, e);
        }
    }

    private static long count(Handle h, String sql, String id) {
        return h.createQuery(sql).bind("id", id).mapTo(Long.class).one();
    }

    @Override
    public void addMember(String groupId, String userId) {
        try {
            database.jdbi().useTransaction(h -> {
                if (h.createQuery("SELECT COUNT(*) FROM iam_group_members WHERE group_id = :g AND user_id = :u")
                                .bind("g", groupId)
                                .bind("u", userId)
                                .mapTo(Long.class)
                                .one()
                        == 0) {
                    h.createUpdate("INSERT INTO iam_group_members (group_id, user_id) VALUES (:g, :u)")
                            .bind("g", groupId)
                            .bind("u", userId)
                            .execute();
                }
            });
        } catch (JdbiException e) {
            throw new StoreException("could not add user " + userId + " to group " + groupId, e);
        }
    }

    @Override
    public boolean removeMember(String groupId, String userId) {
        return database.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM iam_group_members WHERE group_id = :g AND user_id = :u")
                                .bind("g", groupId)
                                .bind("u", userId)
                                .execute())
                == 1;
    }

    @Override
    public List<IamUser> members(String groupId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT u.user_id, u.account_id, u.path, u.user_name, u.created_at, p.arn"
                                        + " FROM iam_group_members m JOIN iam_users u ON u.user_id = m.user_id"
                                        + " JOIN principals p ON p.principal_id = u.user_id"
                                        + " WHERE m.group_id = :id ORDER BY u.name_key")
                        .bind("id", groupId)
                        .map((rs, ctx) -> new IamUser(
                                rs.getString("user_id"),
                                rs.getString("account_id"),
                                rs.getString("path"),
                                rs.getString("user_name"),
                                rs.getString("arn"),
                                Instant.ofEpochMilli(rs.getLong("created_at"))))
                        .list());
    }

    @Override
    public List<IamGroup> groupsOf(String userId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + GROUP_COLUMNS
                                + " FROM iam_group_members m JOIN iam_groups g ON g.group_id = m.group_id"
                                + " WHERE m.user_id = :id ORDER BY g.name_key")
                        .bind("id", userId)
                        .map(this::group)
                        .list());
    }

    private IamGroup group(ResultSet rs, StatementContext ctx) throws SQLException {
        String account = rs.getString("account_id");
        String path = rs.getString("path");
        String name = rs.getString("group_name");
        return new IamGroup(
                rs.getString("group_id"),
                account,
                path,
                name,
                "arn:" + partition + ":iam::" + account + ":group" + path + name,
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
