package dev.signet.server.store.csc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.server.service.csc.CodeSigningConfig;
import dev.signet.server.service.csc.CodeSigningConfigRepository;
import dev.signet.server.store.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link CodeSigningConfigRepository} on the relational {@link Database}; portable SQL only. Deleting
 * a config and attaching one run in transactions, and the foreign key from association to config
 * makes a concurrent delete and attach end with either the config gone and nothing attached, or both
 * kept.
 */
public final class JdbiCodeSigningConfigRepository implements CodeSigningConfigRepository {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final String SELECT = "SELECT csc_id, owner_account, description, allowed_publishers_json,"
            + " untrusted_artifact, tags_json, last_modified FROM code_signing_config";

    private final Database database;

    public JdbiCodeSigningConfigRepository(Database database) {
        this.database = database;
    }

    @Override
    public boolean create(CodeSigningConfig config) {
        try {
            database.jdbi()
                    .useHandle(handle -> handle.createUpdate("INSERT INTO code_signing_config (csc_id, owner_account,"
                                    + " description, allowed_publishers_json, untrusted_artifact, tags_json,"
                                    + " last_modified) VALUES (:id, :owner, :description, :publishers, :policy,"
                                    + " :tags, :modified)")
                            .bind("id", config.id())
                            .bind("owner", config.ownerAccount())
                            .bind("description", config.description().orElse(null))
                            .bind("publishers", json(config.allowedPublishers()))
                            .bind(
                                    "policy",
                                    config.untrustedArtifactOnDeployment().awsName())
                            .bind("tags", json(new TreeMap<>(config.tags())))
                            .bind("modified", config.lastModified().toEpochMilli())
                            .execute());
            return true;
        } catch (JdbiException e) {
            if (exists(config.id())) {
                return false;
            }
            throw e;
        }
    }

    private boolean exists(String id) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM code_signing_config WHERE csc_id = :id")
                                .bind("id", id)
                                .mapTo(Integer.class)
                                .one()
                        > 0);
    }

    @Override
    public Optional<CodeSigningConfig> find(String ownerAccount, String id) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(SELECT + " WHERE owner_account = :owner AND csc_id = :id")
                        .bind("owner", ownerAccount)
                        .bind("id", id)
                        .map(JdbiCodeSigningConfigRepository::config)
                        .findOne());
    }

    @Override
    public boolean update(CodeSigningConfig config) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("UPDATE code_signing_config SET description ="
                                        + " :description, allowed_publishers_json = :publishers, untrusted_artifact"
                                        + " = :policy, last_modified = :modified WHERE owner_account = :owner AND"
                                        + " csc_id = :id")
                                .bind("description", config.description().orElse(null))
                                .bind("publishers", json(config.allowedPublishers()))
                                .bind(
                                        "policy",
                                        config.untrustedArtifactOnDeployment().awsName())
                                .bind("modified", config.lastModified().toEpochMilli())
                                .bind("owner", config.ownerAccount())
                                .bind("id", config.id())
                                .execute())
                > 0;
    }

    @Override
    public DeleteOutcome delete(String ownerAccount, String id) {
        try {
            return deleteUnused(ownerAccount, id);
        } catch (JdbiException e) {
            // a function was attached concurrently: the foreign key kept the config
            if (exists(id)) {
                return DeleteOutcome.IN_USE;
            }
            throw e;
        }
    }

    private DeleteOutcome deleteUnused(String ownerAccount, String id) {
        return database.jdbi().inTransaction(handle -> {
            if (handle.createQuery("SELECT COUNT(*) FROM function_code_signing_config WHERE csc_id = :id")
                            .bind("id", id)
                            .mapTo(Integer.class)
                            .one()
                    > 0) {
                return DeleteOutcome.IN_USE;
            }
            int deleted = handle.createUpdate(
                            "DELETE FROM code_signing_config WHERE owner_account = :owner AND csc_id = :id")
                    .bind("owner", ownerAccount)
                    .bind("id", id)
                    .execute();
            return deleted > 0 ? DeleteOutcome.DELETED : DeleteOutcome.NOT_FOUND;
        });
    }

    @Override
    public List<CodeSigningConfig> list(String ownerAccount, Optional<String> afterId, int limit) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery(SELECT
                                + " WHERE owner_account = :owner AND csc_id > :after ORDER BY csc_id LIMIT :limit")
                        .bind("owner", ownerAccount)
                        .bind("after", afterId.orElse(""))
                        .bind("limit", limit)
                        .map(JdbiCodeSigningConfigRepository::config)
                        .list());
    }

    @Override
    public boolean attach(String ownerAccount, String functionArn, String configId, Instant at) {
        try {
            return database.jdbi().inTransaction(handle -> {
                if (!owns(handle, ownerAccount, configId)) {
                    return false;
                }
                handle.createUpdate("DELETE FROM function_code_signing_config WHERE owner_account = :owner"
                                + " AND function_arn = :function")
                        .bind("owner", ownerAccount)
                        .bind("function", functionArn)
                        .execute();
                handle.createUpdate("INSERT INTO function_code_signing_config (owner_account, function_arn,"
                                + " csc_id, attached_at) VALUES (:owner, :function, :id, :at)")
                        .bind("owner", ownerAccount)
                        .bind("function", functionArn)
                        .bind("id", configId)
                        .bind("at", at.toEpochMilli())
                        .execute();
                return true;
            });
        } catch (JdbiException e) {
            // the config was deleted concurrently (foreign key) or another attach won the key
            if (!exists(configId)) {
                return false;
            }
            throw e;
        }
    }

    private static boolean owns(Handle handle, String ownerAccount, String configId) {
        return handle.createQuery(
                                "SELECT COUNT(*) FROM code_signing_config WHERE owner_account = :owner AND csc_id = :id")
                        .bind("owner", ownerAccount)
                        .bind("id", configId)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    @Override
    public Optional<String> configOf(String ownerAccount, String functionArn) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT csc_id FROM function_code_signing_config"
                                + " WHERE owner_account = :owner AND function_arn = :function")
                        .bind("owner", ownerAccount)
                        .bind("function", functionArn)
                        .mapTo(String.class)
                        .findOne());
    }

    @Override
    public boolean detach(String ownerAccount, String functionArn) {
        return database.jdbi()
                        .withHandle(handle -> handle.createUpdate("DELETE FROM function_code_signing_config"
                                        + " WHERE owner_account = :owner AND function_arn = :function")
                                .bind("owner", ownerAccount)
                                .bind("function", functionArn)
                                .execute())
                > 0;
    }

    @Override
    public List<String> functionsOf(String ownerAccount, String configId, Optional<String> afterArn, int limit) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT function_arn FROM function_code_signing_config"
                                + " WHERE owner_account = :owner AND csc_id = :id AND function_arn > :after"
                                + " ORDER BY function_arn LIMIT :limit")
                        .bind("owner", ownerAccount)
                        .bind("id", configId)
                        .bind("after", afterArn.orElse(""))
                        .bind("limit", limit)
                        .mapTo(String.class)
                        .list());
    }

    private static CodeSigningConfig config(ResultSet rs, StatementContext ctx) throws SQLException {
        return new CodeSigningConfig(
                rs.getString("csc_id"),
                rs.getString("owner_account"),
                Optional.ofNullable(rs.getString("description")),
                read(rs.getString("allowed_publishers_json"), STRING_LIST),
                UntrustedArtifactAction.fromAwsName(rs.getString("untrusted_artifact"))
                        .orElseThrow(() -> new IllegalStateException("stored code signing policy is corrupt")),
                read(rs.getString("tags_json"), STRING_MAP),
                Instant.ofEpochMilli(rs.getLong("last_modified")));
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON column", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON column is corrupt", e);
        }
    }
}
