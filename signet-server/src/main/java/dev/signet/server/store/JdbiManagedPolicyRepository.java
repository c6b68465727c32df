package dev.signet.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.service.iam.ManagedPolicy;
import dev.signet.server.service.iam.ManagedPolicyRepository;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ManagedPolicyRepository} over {@link Database}; the same SQL on SQLite and PostgreSQL. */
public final class JdbiManagedPolicyRepository implements ManagedPolicyRepository {
    private static final String SELECT = "SELECT p.policy_id, p.account_id, p.path, p.policy_name, p.arn,"
            + " p.description, p.default_version, p.tags_json, p.created_at,"
            + " (SELECT COUNT(*) FROM iam_policy_attachments a WHERE a.policy_id = p.policy_id) AS attachments"
            + " FROM iam_policies p";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;

    public JdbiManagedPolicyRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public Outcome create(ManagedPolicy policy, String document) {
        try {
            return database.jdbi().inTransaction(h -> {
                boolean taken = h.createQuery("SELECT COUNT(*) FROM iam_policies WHERE account_id = :account"
                                        + " AND name_key = :key")
                                .bind("account", policy.accountId())
                                .bind("key", policy.policyName().toLowerCase(Locale.ROOT))
                                .mapTo(Long.class)
                                .one()
                        > 0;
                if (taken) {
                    return Outcome.ALREADY_EXISTS;
                }
                h.createUpdate("INSERT INTO iam_policies (policy_id, account_id, policy_name, name_key, path, arn,"
                                + " description, default_version, tags_json, created_at) VALUES (:id, :account, :name,"
                                + " :key, :path, :arn, :description, :version, :tags, :created)")
                        .bind("id", policy.policyId())
                        .bind("account", policy.accountId())
                        .bind("name", policy.policyName())
                        .bind("key", policy.policyName().toLowerCase(Locale.ROOT))
                        .bind("path", policy.path())
                        .bind("arn", policy.arn())
                        .bind("description", policy.description().orElse(null))
                        .bind("version", policy.defaultVersion())
                        .bind("tags", JSON.writeValueAsString(new TreeMap<>(policy.tags())))
                        .bind("created", policy.createdAt().toEpochMilli())
                        .execute();
                h.createUpdate("INSERT INTO iam_policy_versions (policy_id, version_id, document, created_at)"
                                + " VALUES (:id, :version, :document, :created)")
                        .bind("id", policy.policyId())
                        .bind("version", policy.defaultVersion())
                        .bind("document", document)
                        .bind("created", policy.createdAt().toEpochMilli())
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException | JsonProcessingException e) {
            if (findByArn(policy.arn()).isPresent()) {
                return Outcome.ALREADY_EXISTS;
            }
            throw new StoreException("could not create policy " + policy.policyName(), e);
        }
    }

    @Override
    public Optional<ManagedPolicy> findByArn(String arn) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE p.arn = :arn")
                        .bind("arn", arn)
                        .map(JdbiManagedPolicyRepository::policy)
                        .findOne());
    }

    @Override
    public Optional<Version> version(String policyId, String versionId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT version_id, document, created_at FROM iam_policy_versions"
                                + " WHERE policy_id = :id AND version_id = :version")
                        .bind("id", policyId)
                        .bind("version", versionId)
                        .map((rs, ctx) -> new Version(
                                rs.getString("version_id"),
                                rs.getString("document"),
                                Instant.ofEpochMilli(rs.getLong("created_at"))))
                        .findOne());
    }

    @Override
    public List<ManagedPolicy> list(
            String accountId, String pathPrefix, boolean onlyAttached, Optional<String> afterNameKey, int limit) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(SELECT + " WHERE p.account_id = :account"
                                + " AND substr(p.path, 1, :prefixLength) = :prefix AND p.name_key > :after"
                                + (onlyAttached
                                        ? " AND EXISTS (SELECT 1 FROM iam_policy_attachments a WHERE a.policy_id = p.policy_id)"
                                        : "")
                                + " ORDER BY p.name_key LIMIT :limit")
                        .bind("account", accountId)
                        .bind("prefixLength", pathPrefix.length())
                        .bind("prefix", pathPrefix)
                        .bind("after", afterNameKey.orElse(""))
                        .bind("limit", limit)
                        .map(JdbiManagedPolicyRepository::policy)
                        .list());
    }

    @Override
    public Outcome delete(String policyId) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (count(h, "SELECT COUNT(*) FROM iam_policy_attachments WHERE policy_id = :id", policyId) > 0) {
                    return Outcome.ATTACHED;
                }
                for (String table : List.of("iam_policy_versions", "iam_policies")) {
                    h.createUpdate("DELETE FROM " + table + " WHERE policy_id = :id")
                            .bind("id", policyId)
                            .execute();
                }
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not delete policy " + policyId, e);
        }
    }

    @Override
    public Outcome attach(String policyId, String ownerId, int max) {
        try {
            return database.jdbi().inTransaction(h -> {
                // a no-op update of the policy's row serializes attachments (PostgreSQL row lock, SQLite write lock)
                h.createUpdate("UPDATE iam_policies SET default_version = default_version WHERE policy_id = :id")
                        .bind("id", policyId)
                        .execute();
                if (h.createQuery("SELECT COUNT(*) FROM iam_policy_attachments WHERE policy_id = :p AND owner_id = :o")
                                .bind("p", policyId)
                                .bind("o", ownerId)
                                .mapTo(Long.class)
                                .one()
                        > 0) {
                    return Outcome.DONE;
                }
                if (count(h, "SELECT COUNT(*) FROM iam_policy_attachments WHERE owner_id = :id", ownerId) >= max) {
                    return Outcome.TOO_MANY;
                }
                h.createUpdate("INSERT INTO iam_policy_attachments (policy_id, owner_id) VALUES (:p, :o)")
                        .bind("p", policyId)
                        .bind("o", ownerId)
                        .execute();
                return Outcome.DONE;
            });
        } catch (JdbiException e) {
            throw new StoreException("could not attach policy " + policyId, e);
        }
    }

    @Override
    public Outcome detach(String policyId, String ownerId) {
        int deleted = database.jdbi()
                .withHandle(
                        h -> h.createUpdate("DELETE FROM iam_policy_attachments WHERE policy_id = :p AND owner_id = :o")
                                .bind("p", policyId)
                                .bind("o", ownerId)
                                .execute());
        return deleted == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
    }

    @Override
    public List<ManagedPolicy> attachedTo(String ownerId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                SELECT + " WHERE p.policy_id IN"
                                        + " (SELECT policy_id FROM iam_policy_attachments WHERE owner_id = :o) ORDER BY p.name_key")
                        .bind("o", ownerId)
                        .map(JdbiManagedPolicyRepository::policy)
                        .list());
    }

    private static long count(Handle h, String sql, String id) {
        return h.createQuery(sql).bind("id", id).mapTo(Long.class).one();
    }

    private static ManagedPolicy policy(ResultSet rs, StatementContext ctx) throws SQLException {
        String name = rs.getString("policy_name");
        TreeMap<String, String> tags;
        try {
            tags = JSON.readValue(rs.getString("tags_json"), new TypeReference<TreeMap<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new StoreException("the tags of policy " + name + " are not a JSON object", e);
        }
        return new ManagedPolicy(
                rs.getString("policy_id"),
                rs.getString("account_id"),
                rs.getString("path"),
                name,
                rs.getString("arn"),
                Optional.ofNullable(rs.getString("description")),
                rs.getString("default_version"),
                rs.getInt("attachments"),
                tags,
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
