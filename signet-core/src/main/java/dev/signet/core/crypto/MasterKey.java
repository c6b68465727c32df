package dev.signet.core.crypto;

import dev.signet.core.files.AtomicFiles;
import dev.signet.core.files.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deployment's AES-256 master key, which seals every software private key. Kept in a file
 * readable only by its owner (0600). No {@code toString}, {@code equals} or {@code hashCode}.
 *
 * <p>Sealed layout: {@code version (1 byte, 0x01) || nonce (12 bytes) || AES-256-GCM ciphertext
 * and 16-byte tag}. The version byte is authenticated too (prepended to the caller's aad). Refuses
 * a key file of the wrong length or one that group or others can access.
 */
public final class MasterKey {
    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final byte VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private MasterKey(byte[] keyBytes) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        Arrays.fill(keyBytes, (byte) 0);
    }

    /** Loads the key from {@code file}, or creates it (32 random bytes, 0600) if absent. */
    public static MasterKey loadOrCreate(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_LENGTH];
                RANDOM.nextBytes(fresh);
                if (AtomicFiles.createIfAbsent(file, fresh, AtomicFiles.Mode.OWNER_ONLY)) {
                    return new MasterKey(fresh);
                }
                Arrays.fill(fresh, (byte) 0); // another process created it first: use theirs
            }
            if (!Files.isRegularFile(file)) {
                throw new MasterKeyException("master key " + file + " is not a regular file");
            }
            if (SecureFiles.accessibleToOthers(file)) {
                throw new MasterKeyException("master key " + file
                        + " is accessible to group or others; refusing it (chmod 600 it if it is yours)");
            }
            long size = Files.size(file);
            if (size != KEY_LENGTH) {
                throw new MasterKeyException(
                        "master key " + file + " must be exactly " + KEY_LENGTH + " bytes, found " + size);
            }
            return new MasterKey(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new MasterKeyException("cannot read or create master key " + file + ": " + e.getMessage(), e);
        }
    }

    /** AES-256-GCM with a fresh 96-bit nonce; {@code aad} binds the sealed bytes to their purpose. */
    public byte[] seal(byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(aad, "aad");
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(versionedAad(aad));
            byte[] ct = cipher.doFinal(plaintext);
            byte[] out = new byte[1 + NONCE_LENGTH + ct.length];
            out[0] = VERSION;
            System.arraycopy(nonce, 0, out, 1, NONCE_LENGTH);
            System.arraycopy(ct, 0, out, 1 + NONCE_LENGTH, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new MasterKeyException("sealing failed: " + e.getClass().getSimpleName());
        }
    }

    /** Opens what {@link #seal} produced with the same {@code aad}; fails on any change. */
    public byte[] unseal(byte[] sealed, byte[] aad) {
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(aad, "aad");
        if (sealed.length < 1 + NONCE_LENGTH + TAG_BITS / 8) {
            throw new MasterKeyException("sealed data is too short");
        }
        if (sealed[0] != VERSION) {
            throw new MasterKeyException("sealed data has unknown version " + (sealed[0] & 0xff));
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_LENGTH));
            cipher.updateAAD(versionedAad(aad));
            return cipher.doFinal(sealed, 1 + NONCE_LENGTH, sealed.length - 1 - NONCE_LENGTH);
        } catch (GeneralSecurityException e) {
            throw new MasterKeyException(
                    "sealed data failed authentication (tampered, wrong master key or wrong purpose)");
        }
    }

    /** Whether {@link #unseal} opens {@code sealed} with {@code aad} (the opened bytes are wiped). */
    public boolean opens(byte[] sealed, byte[] aad) {
        try {
            Arrays.fill(unseal(sealed, aad), (byte) 0);
            return true;
        } catch (MasterKeyException e) {
            return false;
        }
    }

    private static byte[] versionedAad(byte[] aad) {
        byte[] out = new byte[aad.length + 1];
        out[0] = VERSION;
        System.arraycopy(aad, 0, out, 1, aad.length);
        return out;
    }
}
