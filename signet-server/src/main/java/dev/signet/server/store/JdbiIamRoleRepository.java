package dev.signet.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.service.iam.IamRole;
import dev.signet.server.service.iam.IamRoleRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link IamRoleRepository} over {@link Database}; the same SQL on SQLite and PostgreSQL. */
public final class JdbiIamRoleRepository implements IamRoleRepository {
    private static final String SELECT = "SELECT role_id, account_id, path, role_name, created_at, assume_role_policy,"
            + " description, max_session_duration, tags_json FROM iam_roles WHERE ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final String partition;

    /** @param partition the ARN partition ({@code aws}) of the roles' ARNs */
    public JdbiIamRoleRepository(Database database, String partition) {
        this.database = Objects.requireNonNull(database, "database");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    @Override
    public Outcome create(IamRole role) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (findByName(h, role.accountId(), role.roleName()).isPresent()) {
                    return Outcome.ALREADY_EXISTS;
                }
                h.createUpdate("INSERT INTO iam_roles (role_id, account_id, role_name, name_key, path,"
                                + " assume_role_policy, description, max_session_duration, tags_json, created_at)"
                                + " VALUES (:id, :account, :name, :key, :path, :trust, :description, :duration, :tags,"
                                + " :created)")
                        .bind("id", role.roleId())
                        .bind("account", role.accountId())
                        .bind("name", role.roleName())
                        .bind("key", role.roleName().toLowerCase(Locale.ROOT))
                        .bind("path", role.path())
                        .bind("trust", role.assumeRolePolicy())
                        .bind("description", role.description().orElse(null))
                        .bind("duration", role.maxSessionDuration())
                        .bind("tags", JSON.writeValueAsString(new TreeMap<>(role.tags())))
                        .bind("created", role.createdAt().toEpochMilli())
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException | JsonProcessingException e) {
            if (find(role.accountId(), role.roleName()).isPresent()) {
                return Outcome.ALREADY_EXISTS;
            }
            throw new StoreException("could not create role " + role.roleName(), e);
        }
    }

    @Override
    public Optional<IamRole> find(String accountId, String roleName) {
        return database.jdbi().withHandle(h -> findByName(h, accountId, roleName));
    }

    private Optional<IamRole> findByName(Handle h, String accountId, String roleName) {
        return h.createQuery(SELECT + "account_id = :account AND name_key = :key")
                .bind("account", accountId)
                .bind("key", roleName.toLowerCase(Locale.ROOT))
                .map(this::role)
                .findOne();
    }

    @Override
    public List<IamRole> list(String accountId, String pathPrefix, Optional<String> afterNameKey, int limit) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(SELECT + "account_id = :account"
                                + " AND substr(path, 1, :prefixLength) = :prefix AND name_key > :after"
                                + " ORDER BY name_key LIMIT :limit")
                        .bind("account", accountId)
                        .bind("prefixLength", pathPrefix.length())
                        .bind("prefix", pathPrefix)
                        .bind("after", afterNameKey.orElse(""))
                        .bind("limit", limit)
                        .map(this::role)
                        .list());
    }

    @Override
    public Outcome delete(String roleId) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (h.createQuery("SELECT COUNT(*) FROM iam_inline_policies WHERE owner_id = :id")
                                .bind("id", roleId)
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    return Outcome.HAS_POLICIES;
                }
                if (h.createQuery("SELECT COUNT(*) FROM iam_policy_attachments WHERE owner_id = :id")
                                .bind("id", roleId)
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    return Outcome.HAS_ATTACHED_POLICIES;
                }
                h.createUpdate("DELETE FROM iam_roles WHERE role_id = :id")
                        .bind("id", roleId)
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not delete role " + roleId, e);
        }
    }

    @Override
    public boolean updateAssumeRolePolicy(String roleId, String document) {
        return database.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "UPDATE iam_roles SET assume_role_policy = :doc WHERE role_id = :id")
                                .bind("doc", document)
                                .bind("id", roleId)
                                .execute())
                == 1;
    }

    private IamRole role(ResultSet rs, StatementContext ctx) throws SQLException {
        String account = rs.getString("account_id");
        String path = rs.getString("path");
        String name = rs.getString("role_name");
        Map<String, String> tags;
        try {
            tags = JSON.readValue(rs.getString("tags_json"), new TypeReference<TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("the tags of role " + name + " are not a JSON object", e);
        }
        return new IamRole(
                rs.getString("role_id"),
                account,
                path,
                name,
                "arn:" + partition + ":iam::" + account + ":role" + path + name,
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("assume_role_policy"),
                Optional.ofNullable(rs.getString("description")),
                rs.getInt("max_session_duration"),
                tags);
    }
}
