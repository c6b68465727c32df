package dev.signet.server.store;

import dev.signet.server.service.SharedSecrets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * {@link SharedSecrets} in the database (table {@code signer_secret}), so every node of a cluster,
 * and every restart, reads the same bytes. When two nodes create a secret at once, the first insert
 * wins and both use it.
 */
public final class JdbiSharedSecrets implements SharedSecrets {
    private final Database database;

    public JdbiSharedSecrets(Database database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public byte[] secret(String name) {
        Optional<String> existing = read(name);
        if (existing.isPresent()) {
            return Base64.getDecoder().decode(existing.get());
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try {
            database.jdbi()
                    .useHandle(handle -> handle.createUpdate(
                                    "INSERT INTO signer_secret (name, value) VALUES (:name, :value)")
                            .bind("name", name)
                            .bind("value", Base64.getEncoder().encodeToString(fresh))
                            .execute());
        } catch (JdbiException e) {
            // another node created it first; use theirs
        }
        return Base64.getDecoder()
                .decode(read(name).orElseThrow(() -> new IllegalStateException("cannot store " + name)));
    }

    private Optional<String> read(String name) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT value FROM signer_secret WHERE name = :n")
                        .bind("n", name)
                        .mapTo(String.class)
                        .findOne());
    }
}
