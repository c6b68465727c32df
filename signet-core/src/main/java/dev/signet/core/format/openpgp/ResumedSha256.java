package dev.signet.core.format.openpgp;

import java.security.MessageDigest;
import org.bouncycastle.crypto.CryptoServicePurpose;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A SHA-256 {@link MessageDigest} that starts from a chaining value after whole 64-byte blocks (a
 * midstate), so that a hash begun over a document elsewhere is finished here with the bytes that
 * follow. BouncyCastle's digest is used because the JDK's cannot be started from a state; it hashes
 * only the short remainder and the OpenPGP trailer. Cloneable, as bcpg's signer and the self-check
 * copy the state.
 */
final class ResumedSha256 extends MessageDigest implements Cloneable {
    /** BouncyCastle's encoded state: buffer, buffer offset, byte count, H1..H8, wOff, purpose. */
    private static final int STATE_LENGTH = 53;

    private SHA256Digest digest;

    private ResumedSha256(SHA256Digest digest) {
        super("SHA-256");
        this.digest = digest;
    }

    /**
     * The digest after {@code hashedLength} bytes (a multiple of 64) whose chaining value is {@code
     * state} (H0..H7, big-endian, 32 bytes).
     */
    static ResumedSha256 resume(byte[] state, long hashedLength) {
        if (state.length != 32 || hashedLength < 0 || hashedLength % 64 != 0) {
            throw new IllegalArgumentException("a SHA-256 midstate is 32 bytes after whole 64-byte blocks");
        }
        byte[] encoded = new byte[STATE_LENGTH];
        for (int i = 0; i < 8; i++) {
            encoded[8 + i] = (byte) (hashedLength >>> (56 - 8 * i));
        }
        System.arraycopy(state, 0, encoded, 16, 32);
        encoded[STATE_LENGTH - 1] = (byte) CryptoServicePurpose.ANY.ordinal();
        return new ResumedSha256(new SHA256Digest(encoded));
    }

    /** The chaining value of a fresh digest fed whole blocks only (its byte count a multiple of 64). */
    static byte[] chainingValue(SHA256Digest blocksOnly) {
        byte[] encoded = blocksOnly.getEncodedState();
        if (encoded.length != STATE_LENGTH || blocksOnly.getByteLength() != 64) {
            throw new IllegalStateException("unexpected SHA-256 state layout");
        }
        for (int i = 0; i < 4; i++) {
            if (encoded[4 + i] != 0) {
                throw new IllegalStateException("the digest holds a partial block");
            }
        }
        byte[] state = new byte[32];
        System.arraycopy(encoded, 16, state, 0, 32);
        return state;
    }

    @Override
    protected void engineUpdate(byte input) {
        digest.update(input);
    }

    @Override
    protected void engineUpdate(byte[] input, int offset, int len) {
        digest.update(input, offset, len);
    }

    @Override
    protected byte[] engineDigest() {
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    @Override
    protected int engineGetDigestLength() {
        return 32;
    }

    @Override
    protected void engineReset() {
        digest.reset();
    }

    @Override
    public Object clone() throws CloneNotSupportedException {
        ResumedSha256 copy = (ResumedSha256) super.clone();
        copy.digest = new SHA256Digest(digest);
        return copy;
    }
}
