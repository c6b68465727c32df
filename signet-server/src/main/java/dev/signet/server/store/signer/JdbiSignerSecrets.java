package dev.signet.server.store.signer;

import dev.signet.server.store.Database;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/**
 * Small random secrets the signer service keeps in the database so that every node of a cluster,
 * and every restart, shares them (e.g. the page-token HMAC key). Created on first use.
 */
public final class JdbiSignerSecrets {
    private JdbiSignerSecrets() {}

    /** The 32-byte secret called {@code name}, created at random if it does not exist yet. */
    public static byte[] loadOrCreate(Database database, String name) {
        Optional<String> existing = read(database, name);
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
                .decode(read(database, name).orElseThrow(() -> new IllegalStateException("cannot store " + name)));
    }

    private static Optional<String> read(Database database, String name) {
        return database.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT value FROM signer_secret WHERE name = :n")
                        .bind("n", name)
                        .mapTo(String.class)
                        .findOne());
    }
}
