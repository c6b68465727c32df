package dev.signet.server.backup;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM over one chunk: the nonce is the chunk's index (11 bytes, big-endian) and a last-chunk
 * flag byte (1 on the last chunk, else 0), the additional data the archive's header. So chunks cannot
 * be reordered, dropped, or cut short at a chunk boundary without a tag failing.
 */
final class ChunkCipher {
    /** Plaintext bytes in every chunk but the last, which holds fewer (possibly none). */
    static final int CHUNK = 64 * 1024;

    static final int TAG_BYTES = 16;
    private static final int NONCE_BYTES = 12;

    private final Cipher cipher;
    private final SecretKey key;
    private final byte[] aad;
    private long index;

    ChunkCipher(SecretKey key, byte[] headerBytes) {
        this.key = key;
        this.aad = headerBytes;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available", e);
        }
    }

    /** The index of the next chunk. */
    long index() {
        return index;
    }

    byte[] seal(byte[] plain, int length, boolean last) {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, key, nonce(last));
            cipher.updateAAD(aad);
            return cipher.doFinal(plain, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM refused to encrypt", e);
        }
    }

    /**
     * Decrypts and authenticates the next chunk.
     *
     * @throws AEADBadTagException when the chunk, the header, the key or its position does not match
     */
    byte[] open(byte[] sealed, int length, boolean last) throws AEADBadTagException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, key, nonce(last));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, 0, length);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM refused to decrypt", e);
        }
    }

    private GCMParameterSpec nonce(boolean last) {
        byte[] nonce = new byte[NONCE_BYTES];
        long i = index++;
        for (int b = NONCE_BYTES - 2; b >= 0 && i != 0; b--) {
            nonce[b] = (byte) i;
            i >>>= 8;
        }
        nonce[NONCE_BYTES - 1] = (byte) (last ? 1 : 0);
        return new GCMParameterSpec(TAG_BYTES * 8, nonce);
    }
}
