package dev.signet.server.backup;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The AES-256 key of one archive: scrypt over the passphrase's UTF-8 bytes and the archive's random
 * salt, with fixed parameters (docs/formats.md, "Backup archive"). The parameters are part of the
 * format, not read from the archive, so a hostile header cannot make a restore spend more memory.
 */
public final class ArchiveKey {
    /** scrypt cost: N = 2^17, r = 8, p = 1 (128 MiB, well under a second on a server core). */
    static final int LOG2_N = 17;

    static final int R = 8;
    static final int P = 1;
    static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;

    private ArchiveKey() {}

    /**
     * Derives the key for {@code salt}.
     *
     * @throws IllegalArgumentException when the passphrase is empty or not a valid UTF-16 string
     */
    public static SecretKey derive(char[] passphrase, byte[] salt) {
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("the passphrase is empty");
        }
        if (salt.length != SALT_BYTES) {
            throw new IllegalArgumentException("salt must be " + SALT_BYTES + " bytes");
        }
        byte[] utf8 = utf8(passphrase);
        try {
            byte[] key = SCrypt.generate(utf8, salt, 1 << LOG2_N, R, P, KEY_BYTES);
            try {
                return new SecretKeySpec(key, "AES");
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    private static byte[] utf8(char[] passphrase) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(passphrase));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the passphrase is not valid Unicode text", e);
        }
    }
}
