package dev.signet.server.store;

import dev.signet.core.crypto.KeyMaterialStore;
import dev.signet.core.crypto.MasterKey;
import dev.signet.core.crypto.MasterKeyException;
import dev.signet.core.crypto.software.SoftwareKeyBackend;
import dev.signet.server.service.principals.AccessKeys;
import dev.signet.server.service.sts.TemporaryCredentials;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Replaces the master key with a new one, re-sealing everything sealed under it: the software keys
 * ({@code keys/} key material: profile, CA and TSA keys), the access keys' secrets and the STS
 * sessions' secrets. Run with every server of the deployment stopped.
 *
 * <p>Resumable after a crash at any point: the new key is written first, beside the master key, as
 * {@code NAME.next}; each sealed item is then re-sealed on its own (an atomic file write or a
 * conditional row update), skipping what the new key already opens; last, {@code NAME.next} is
 * moved over {@code NAME} in one atomic rename. Until that rename every item opens under one of the
 * two keys, and a server refuses to start while {@code NAME.next} exists ({@link #requireNone}), so
 * nothing runs on a half-rotated deployment; running the rotation again finishes it.
 */
public final class MasterKeyRotation {
    /** A sealed column: its table, key column, and the aad its value was sealed with. */
    private record SealedColumn(String table, String idColumn, Function<String, byte[]> aad) {}

    private static final List<SealedColumn> COLUMNS = List.of(
            new SealedColumn("access_keys", "access_key_id", AccessKeys::aad),
            new SealedColumn("sts_sessions", "access_key_id", TemporaryCredentials::aad));

    /** What a rotation re-sealed (items already under the new key, from an earlier run, are not counted). */
    public record Result(int keys, int accessKeys, int sessions) {}

    private MasterKeyRotation() {}

    /** Where a rotation of {@code masterKeyFile} keeps the new key until it is done. */
    public static Path nextFile(Path masterKeyFile) {
        return masterKeyFile.resolveSibling(masterKeyFile.getFileName() + ".next");
    }

    /** Refuses to go on while a rotation of {@code masterKeyFile} is unfinished. */
    public static void requireNone(Path masterKeyFile) {
        if (Files.exists(nextFile(masterKeyFile))) {
            throw new MasterKeyException("a master-key rotation of " + masterKeyFile + " is unfinished ("
                    + nextFile(masterKeyFile) + " exists): run signet admin rotate-master-key again to finish it");
        }
    }

    /**
     * Rotates {@code masterKeyFile} (which must exist) over the database and the key material.
     *
     * @param step called after each item is re-sealed (tests interrupt the run there)
     */
    public static Result rotate(Path masterKeyFile, Database database, KeyMaterialStore keys, Runnable step)
            throws IOException {
        Objects.requireNonNull(step, "step");
        if (!Files.isRegularFile(masterKeyFile)) {
            throw new MasterKeyException("there is no master key at " + masterKeyFile + " to rotate");
        }
        MasterKey current = MasterKey.loadOrCreate(masterKeyFile);
        // created once (0600, atomically); a resumed run finds and reuses it
        MasterKey next = MasterKey.loadOrCreate(nextFile(masterKeyFile));
        int resealedKeys = SoftwareKeyBackend.reseal(keys, current, next, step);
        int[] counts = new int[COLUMNS.size()];
        for (int i = 0; i < COLUMNS.size(); i++) {
            counts[i] = reseal(database, COLUMNS.get(i), current, next, step);
        }
        try {
            Files.move(
                    nextFile(masterKeyFile),
                    masterKeyFile,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + masterKeyFile + " atomically: " + e.getMessage(), e);
        }
        return new Result(resealedKeys, counts[0], counts[1]);
    }

    private static int reseal(
            Database database, SealedColumn column, MasterKey current, MasterKey next, Runnable step) {
        List<Map<String, Object>> rows = database.jdbi()
                .withHandle(h -> h.createQuery("SELECT " + column.idColumn() + " AS id, secret_sealed FROM "
                                + column.table() + " ORDER BY " + column.idColumn())
                        .mapToMap()
                        .list());
        int resealed = 0;
        for (Map<String, Object> row : rows) {
            String id = (String) row.get("id");
            String stored = (String) row.get("secret_sealed");
            byte[] sealed = Base64.getDecoder().decode(stored);
            byte[] aad = column.aad().apply(id);
            if (next.opens(sealed, aad)) {
                continue;
            }
            byte[] secret;
            try {
                secret = current.unseal(sealed, aad);
            } catch (MasterKeyException e) {
                throw new MasterKeyException("the secret of " + column.table() + " " + id
                        + " opens under neither the current nor the new master key");
            }
            String resealedValue = Base64.getEncoder().encodeToString(next.seal(secret, aad));
            Arrays.fill(secret, (byte) 0);
            // conditional: a row changed or deleted meanwhile is left as it is
            database.jdbi()
                    .useHandle(h -> h.createUpdate("UPDATE " + column.table() + " SET secret_sealed = :resealed WHERE "
                                    + column.idColumn() + " = :id AND secret_sealed = :stored")
                            .bind("resealed", resealedValue)
                            .bind("id", id)
                            .bind("stored", stored)
                            .execute());
            resealed++;
            step.run();
        }
        return resealed;
    }
}
