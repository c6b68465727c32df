package dev.signet.core.crypto;

import java.nio.file.Path;

/**
 * The deployment's AES-256 master key, which seals every software private key. Kept in a file
 * readable only by its owner (0600). No {@code toString}, {@code equals} or {@code hashCode}.
 */
public final class MasterKey {

    /** Loads the key from {@code file}, or creates it (32 random bytes, 0600) if absent. */
    public static MasterKey loadOrCreate(Path file) {
        throw new UnsupportedOperationException("TODO core");
    }
}
