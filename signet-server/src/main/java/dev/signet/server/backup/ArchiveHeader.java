package dev.signet.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The 28 bytes an archive starts with: {@code SIGNETBK}, the format version (1), the scrypt
 * parameters (log2 N, r, p, one byte each) and the 16-byte salt. Every chunk authenticates them as
 * its additional data, so none can be changed without the restore noticing.
 */
final class ArchiveHeader {
    static final byte[] MAGIC = "SIGNETBK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic (8), version, log2 N, r, p (1 each), salt (16). */
    static final int LENGTH = 28;

    private final byte[] bytes;

    private ArchiveHeader(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A header with a new random salt. */
    static ArchiveHeader fresh(SecureRandom random) {
        byte[] salt = new byte[ArchiveKey.SALT_BYTES];
        random.nextBytes(salt);
        return withSalt(salt);
    }

    static ArchiveHeader withSalt(byte[] salt) {
        byte[] bytes = new byte[LENGTH];
        System.arraycopy(MAGIC, 0, bytes, 0, MAGIC.length);
        bytes[8] = VERSION;
        bytes[9] = ArchiveKey.LOG2_N;
        bytes[10] = ArchiveKey.R;
        bytes[11] = ArchiveKey.P;
        System.arraycopy(salt, 0, bytes, 12, salt.length);
        return new ArchiveHeader(bytes);
    }

    /**
     * Reads and checks a header.
     *
     * @throws ArchiveException when the input is not a Signet backup archive of this version
     */
    static ArchiveHeader read(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(LENGTH);
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ArchiveException("not a Signet backup archive (it does not start with SIGNETBK)");
        }
        if (bytes.length < LENGTH) {
            throw new ArchiveException("the archive is truncated (its header is incomplete)");
        }
        if (bytes[8] != VERSION) {
            throw new ArchiveException("backup archive format version " + (bytes[8] & 0xff)
                    + " is not supported (this Signet reads version " + VERSION + ")");
        }
        if (bytes[9] != ArchiveKey.LOG2_N || bytes[10] != ArchiveKey.R || bytes[11] != ArchiveKey.P) {
            throw new ArchiveException("the archive names scrypt parameters other than the format's (N=2^"
                    + ArchiveKey.LOG2_N + ", r=" + ArchiveKey.R + ", p=" + ArchiveKey.P + ")");
        }
        return new ArchiveHeader(bytes);
    }

    byte[] salt() {
        return Arrays.copyOfRange(bytes, 12, LENGTH);
    }

    byte[] bytes() {
        return bytes.clone();
    }
}
