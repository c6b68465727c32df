package dev.signet.server.store;

import dev.signet.server.service.iam.InlinePolicyRepository;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/** {@link InlinePolicyRepository} over {@link Database}; the same SQL on SQLite and PostgreSQL. */
public final class JdbiInlinePolicyRepository implements InlinePolicyRepository {
    private final Database database;

    public JdbiInlinePolicyRepository(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public void put(String ownerId, String name, String document) {
        String key = name.toLowerCase(Locale.ROOT);
        try {
            database.jdbi().useTransaction(h -> {
                h.createUpdate("DELETE FROM iam_inline_policies WHERE owner_id = :owner AND name_key = :key")
                        .bind("owner", ownerId)
                        .bind("key", key)
                        .execute();
                h.createUpdate("INSERT INTO iam_inline_policies (owner_id, policy_name, name_key, document)"
                                + " VALUES (:owner, :name, :key, :document)")
                        .bind("owner", ownerId)
                        .bind("name", name)
                        .bind("key", key)
                        .bind("document", document)
                        .execute();
            });
        } catch (JdbiException e) {
            throw new StoreException("could not store policy " + name, e);
        }
    }

    @Override
    public Optional<InlinePolicy> find(String ownerId, String name) {
        return database.jdbi()
                .withHandle(h -> h.createQuery("SELECT policy_name, document FROM iam_inline_policies"
                                + " WHERE owner_id = :owner AND name_key = :key")
                        .bind("owner", ownerId)
                        .bind("key", name.toLowerCase(Locale.ROOT))
                        .map((rs, ctx) -> new InlinePolicy(rs.getString("policy_name"), rs.getString("document")))
                        .findOne());
    }

    @Override
    public boolean delete(String ownerId, String name) {
        return database.jdbi()
                        .withHandle(h -> h.createUpdate(
                                        "DELETE FROM iam_inline_policies WHERE owner_id = :owner AND name_key = :key")
                                .bind("owner", ownerId)
                                .bind("key", name.toLowerCase(Locale.ROOT))
                                .execute())
                == 1;
    }

    @Override
    public List<String> names(String ownerId) {
        return database.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT policy_name FROM iam_inline_policies WHERE owner_id = :owner ORDER BY name_key")
                        .bind("owner", ownerId)
                        .mapTo(String.class)
                        .list());
    }
}
