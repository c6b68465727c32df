package dev.signet.core.crypto;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where a deployment keeps its key material at rest: the sealed software private keys, the CA's and
 * the time-stamp authority's certificates and key handles. Entries are small byte strings under
 * names of one path segment ({@code root.pem}, {@code K3...Q.key}) inside a {@link #folder folder}
 * ({@code keys}, {@code ca}, {@code tsa}). A single node keeps them as owner-only files under its
 * data directory ({@link DirectoryKeyMaterialStore}); a cluster keeps them in its shared database,
 * so every node opens the same CA and the same keys. Nothing stored here is a private key in clear:
 * private keys are sealed under the master key before they are written.
 *
 * <p>Implementations are thread-safe; a {@link #write} is atomic (a reader sees the old or the new
 * content, never part of it). Names that are not one segment of letters, digits, {@code .},
 * {@code _} and {@code -} (not starting with a dot) are refused with {@link IllegalArgumentException}.
 */
public interface KeyMaterialStore {
    /** The entry {@code name} of this folder, if it exists. */
    Optional<byte[]> read(String name) throws IOException;

    /** Creates or replaces the entry {@code name} with {@code content}, atomically and durably. */
    void write(String name, byte[] content) throws IOException;

    /** The names of this folder's entries (not its sub-folders'), sorted. */
    List<String> names() throws IOException;

    /** The store of the sub-folder {@code name} (e.g. {@code keys}). */
    KeyMaterialStore folder(String name);

    /**
     * Whether the store can still be read, checked cheaply (readiness): a directory store's directory
     * must be a readable directory; a database store is the database's to probe.
     *
     * @throws IOException naming what cannot be read
     */
    default void probe() throws IOException {}

    /** Where this store is, for messages ("the directory D", "the database's key material ca/"). */
    String describe();

    /** Refuses a name that is not one safe path segment (1-128 characters). */
    static String requireName(String name) {
        if (name == null || name.isEmpty() || name.length() > 128 || name.charAt(0) == '.') {
            throw new IllegalArgumentException("not a key material name: " + name);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '-';
            if (!ok) {
                throw new IllegalArgumentException("not a key material name: " + name);
            }
        }
        return name;
    }
}
