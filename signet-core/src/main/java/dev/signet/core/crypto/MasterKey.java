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

    /** AES-256-GCM with a fresh 96-bit nonce; {@code aad} binds the sealed bytes to their purpose. */
    public byte[] seal(byte[] plaintext, byte[] aad) {
        throw new UnsupportedOperationException("TODO core");
    }

    /** Opens what {@link #seal} produced with the same {@code aad}; fails on any change. */
    public byte[] unseal(byte[] sealed, byte[] aad) {
        throw new UnsupportedOperationException("TODO core");
    }
}
