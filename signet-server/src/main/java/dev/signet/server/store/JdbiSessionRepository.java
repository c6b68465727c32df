package dev.signet.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.service.Caller;
import dev.signet.server.service.sts.SessionRepository;
import dev.signet.server.service.sts.StoredSession;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link SessionRepository} over {@link Database} (table {@code sts_sessions}, V14); the same SQL on SQLite and PostgreSQL. */
public final class JdbiSessionRepository implements SessionRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};

    private final Database database;

    public JdbiSessionRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void create(StoredSession session) {
        Caller caller = session.caller();
        Optional<Caller.RoleSession> role = caller.roleSession();
        try {
            String tags = JSON.writeValueAsString(
                    new TreeMap<>(role.map(Caller.RoleSession::tags).orElse(Map.of())));
            database.jdbi()
                    .useHandle(h -> h.createUpdate("INSERT INTO sts_sessions (access_key_id, secret_sealed,"
                                    + " token_sha256, kind, principal_id, principal_arn, account_id, user_id, role_arn,"
                                    + " role_name, session_name, source_identity, tags_json, created_at, expires_at)"
                                    + " VALUES (:id, :sealed, :token, :kind, :principal, :arn, :account, :userId,"
                                    + " :roleArn, :roleName, :sessionName, :source, :tags, :created, :expires)")
                            .bind("id", session.accessKeyId())
                            .bind("sealed", Base64.getEncoder().encodeToString(session.sealedSecret()))
                            .bind("token", session.tokenSha256())
                            .bind("kind", caller.kind().name())
                            .bind("principal", session.principalId())
                            .bind("arn", caller.principalArn())
                            .bind("account", caller.accountId())
                            .bind("userId", caller.userId())
                            .bind(
                                    "roleArn",
                                    role.map(Caller.RoleSession::roleArn).orElse(null))
                            .bind(
                                    "roleName",
                                    role.map(Caller.RoleSession::roleName).orElse(null))
                            .bind(
                                    "sessionName",
                                    role.map(Caller.RoleSession::sessionName).orElse(null))
                            .bind(
                                    "source",
                                    role.flatMap(Caller.RoleSession::sourceIdentity)
                                            .orElse(null))
                            .bind("tags", tags)
                            .bind("created", session.createdAt().toEpochMilli())
                            .bind("expires", session.expiresAt().toEpochMilli())
                            .execute());
        } catch (JdbiException | JsonProcessingException e) {
            throw new StoreException("could not store session " + session.accessKeyId(), e);
        }
    }

    @Override
    public Optional<StoredSession> find(String accessKeyId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT access_key_id, secret_sealed, token_sha256, kind, principal_id,"
                                + " principal_arn, account_id, user_id, role_arn, role_name, session_name,"
                                + " source_identity, tags_json, created_at, expires_at FROM sts_sessions"
                                + " WHERE access_key_id = :id")
                        .bind("id", accessKeyId)
                        .map(JdbiSessionRepository::session)
                        .findOne());
    }

    @Override
    public int deleteExpired(Instant instant) {
        return database.jdbi()
                .withHandle(h -> h.createUpdate("DELETE FROM sts_sessions WHERE expires_at < :at")
                        .bind("at", instant.toEpochMilli())
                        .execute());
    }

    private static StoredSession session(ResultSet rs, StatementContext ctx) throws SQLException {
        String id = rs.getString("access_key_id");
        Caller.Kind kind = Caller.Kind.valueOf(rs.getString("kind"));
        String arn = rs.getString("principal_arn");
        String account = rs.getString("account_id");
        String userId = rs.getString("user_id");
        String principalId = rs.getString("principal_id");
        Caller caller;
        if (kind == Caller.Kind.ROLE_SESSION) {
            Map<String, String> tags;
            try {
                tags = JSON.readValue(rs.getString("tags_json"), TAGS);
            } catch (JsonProcessingException e) {
                throw new SQLException("session " + id + " has unreadable tags", e);
            }
            caller = Caller.roleSession(
                    id,
                    arn,
                    account,
                    userId,
                    new Caller.RoleSession(
                            rs.getString("role_arn"),
                            rs.getString("role_name"),
                            principalId,
                            rs.getString("session_name"),
                            tags,
                            Optional.ofNullable(rs.getString("source_identity"))));
        } else {
            caller = new Caller(id, arn, account, userId, kind);
        }
        return new StoredSession(
                caller,
                principalId,
                Base64.getDecoder().decode(rs.getString("secret_sealed")),
                rs.getString("token_sha256"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")));
    }
}
