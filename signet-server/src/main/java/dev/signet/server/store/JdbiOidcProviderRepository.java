package dev.signet.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.server.service.oidc.OidcProvider;
import dev.signet.server.service.oidc.OidcProviderRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link OidcProviderRepository} over {@link Database} (V16); the same SQL on SQLite and
 * PostgreSQL. Adding a client id counts and inserts in one transaction; the primary key keeps each
 * client id once whatever runs at the same time.
 */
public final class JdbiOidcProviderRepository implements OidcProviderRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECT =
            "SELECT account_id, provider_key, url, thumbprints, tags_json, created_at FROM iam_oidc_providers WHERE ";

    private final Database database;

    public JdbiOidcProviderRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public boolean create(OidcProvider provider) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (exists(h, provider.accountId(), provider.key())) {
                    return false;
                }
                h.createUpdate("INSERT INTO iam_oidc_providers (account_id, provider_key, url, thumbprints, tags_json,"
                                + " created_at) VALUES (:account, :key, :url, :thumbprints, :tags, :created)")
                        .bind("account", provider.accountId())
                        .bind("key", provider.key())
                        .bind("url", provider.url())
                        .bind("thumbprints", String.join(",", provider.thumbprints()))
                        .bind("tags", tagsJson(provider.tags()))
                        .bind("created", provider.createdAt().toEpochMilli())
                        .execute();
                long position = 0;
                for (String clientId : provider.clientIds()) {
                    insertClientId(h, provider.accountId(), provider.key(), clientId, position++);
                }
                return true;
            });
        } catch (JdbiException e) {
            if (find(provider.accountId(), provider.key()).isPresent()) {
                return false;
            }
            throw new StoreException("could not create the OIDC provider " + provider.key(), e);
        }
    }

    @Override
    public Optional<OidcProvider> find(String accountId, String key) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(SELECT + "account_id = :account AND provider_key = :key")
                        .bind("account", accountId)
                        .bind("key", key)
                        .map((rs, ctx) -> new Row(
                                rs.getString("account_id"),
                                rs.getString("provider_key"),
                                rs.getString("url"),
                                rs.getString("thumbprints"),
                                rs.getString("tags_json"),
                                rs.getLong("created_at")))
                        .findOne()
                        .map(row -> row.provider(clientIds(h, accountId, key))));
    }

    @Override
    public List<OidcProvider> list(String accountId) {
        return database.jdbi().withHandle(h -> {
            List<Row> rows = h.createQuery(SELECT + "account_id = :account ORDER BY provider_key")
                    .bind("account", accountId)
                    .map((rs, ctx) -> new Row(
                            rs.getString("account_id"),
                            rs.getString("provider_key"),
                            rs.getString("url"),
                            rs.getString("thumbprints"),
                            rs.getString("tags_json"),
                            rs.getLong("created_at")))
                    .list();
            List<OidcProvider> providers = new ArrayList<>(rows.size());
            for (Row row : rows) {
                providers.add(row.provider(clientIds(h, accountId, row.key())));
            }
            return providers;
        });
    }

    @Override
    public int count(String accountId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM iam_oidc_providers WHERE account_id = :account")
                        .bind("account", accountId)
                        .mapTo(Integer.class)
                        .one());
    }

    @Override
    public boolean delete(String accountId, String key) {
        return database.jdbi().inTransaction(h -> {
            h.createUpdate("DELETE FROM iam_oidc_client_ids WHERE account_id = :account AND provider_key = :key")
                    .bind("account", accountId)
                    .bind("key", key)
                    .execute();
            return h.createUpdate("DELETE FROM iam_oidc_providers WHERE account_id = :account AND provider_key = :key")
                            .bind("account", accountId)
                            .bind("key", key)
                            .execute()
                    == 1;
        });
    }

    @Override
    public AddOutcome addClientId(String accountId, String key, String clientId, int limit) {
        try {
            return database.jdbi().inTransaction(h -> {
                if (!exists(h, accountId, key)) {
                    return AddOutcome.NO_PROVIDER;
                }
                List<String> ids = clientIds(h, accountId, key);
                if (ids.contains(clientId)) {
                    return AddOutcome.ALREADY_THERE;
                }
                if (ids.size() >= limit) {
                    return AddOutcome.LIMIT_REACHED;
                }
                long position = h.createQuery("SELECT COALESCE(MAX(position), -1) + 1 FROM iam_oidc_client_ids"
                                + " WHERE account_id = :account AND provider_key = :key")
                        .bind("account", accountId)
                        .bind("key", key)
                        .mapTo(Long.class)
                        .one();
                insertClientId(h, accountId, key, clientId, position);
                return AddOutcome.ADDED;
            });
        } catch (JdbiException e) {
            // the same id added at the same time by another request: it is there
            if (find(accountId, key).map(p -> p.clientIds().contains(clientId)).orElse(false)) {
                return AddOutcome.ALREADY_THERE;
            }
            throw new StoreException("could not add a client id to the OIDC provider " + key, e);
        }
    }

    @Override
    public boolean removeClientId(String accountId, String key, String clientId) {
        return database.jdbi().inTransaction(h -> {
            if (!exists(h, accountId, key)) {
                return false;
            }
            h.createUpdate("DELETE FROM iam_oidc_client_ids WHERE account_id = :account AND provider_key = :key"
                            + " AND client_id = :id")
                    .bind("account", accountId)
                    .bind("key", key)
                    .bind("id", clientId)
                    .execute();
            return true;
        });
    }

    @Override
    public boolean replaceThumbprints(String accountId, String key, List<String> thumbprints) {
        return database.jdbi()
                        .withHandle(h -> h.createUpdate("UPDATE iam_oidc_providers SET thumbprints = :thumbprints"
                                        + " WHERE account_id = :account AND provider_key = :key")
                                .bind("thumbprints", String.join(",", thumbprints))
                                .bind("account", accountId)
                                .bind("key", key)
                                .execute())
                == 1;
    }

    private static boolean exists(Handle h, String accountId, String key) {
        return h.createQuery(
                                "SELECT COUNT(*) FROM iam_oidc_providers WHERE account_id = :account AND provider_key = :key")
                        .bind("account", accountId)
                        .bind("key", key)
                        .mapTo(Integer.class)
                        .one()
                > 0;
    }

    private static void insertClientId(Handle h, String accountId, String key, String clientId, long position) {
        h.createUpdate("INSERT INTO iam_oidc_client_ids (account_id, provider_key, client_id, position)"
                        + " VALUES (:account, :key, :id, :position)")
                .bind("account", accountId)
                .bind("key", key)
                .bind("id", clientId)
                .bind("position", position)
                .execute();
    }

    private static List<String> clientIds(Handle h, String accountId, String key) {
        return h.createQuery("SELECT client_id FROM iam_oidc_client_ids WHERE account_id = :account"
                        + " AND provider_key = :key ORDER BY position, client_id")
                .bind("account", accountId)
                .bind("key", key)
                .mapTo(String.class)
                .list();
    }

    private static String tagsJson(Map<String, String> tags) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(tags));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tags always serialize", e);
        }
    }

    private record Row(String accountId, String key, String url, String thumbprints, String tagsJson, long createdAt) {
        OidcProvider provider(List<String> clientIds) {
            Map<String, String> tags;
            try {
                tags = JSON.readValue(tagsJson, new TypeReference<TreeMap<String, String>>() {});
            } catch (JsonProcessingException e) {
                throw new StoreException("the tags of OIDC provider " + key + " are not a JSON object", e);
            }
            List<String> prints = thumbprints.isEmpty() ? List.of() : Arrays.asList(thumbprints.split(","));
            return new OidcProvider(accountId, key, url, clientIds, prints, tags, Instant.ofEpochMilli(createdAt));
        }
    }
}
