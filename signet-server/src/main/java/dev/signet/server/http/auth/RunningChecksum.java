package dev.signet.server.http.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** A checksum computed while a body streams, rendered the way the header carrying it is written. */
public interface RunningChecksum {

    void update(byte[] b, int off, int len);

    /** The result, in the encoding of the header that carries the expected value. */
    String result();

    /** SHA-256 as lower-case hex, the form of {@code x-amz-content-sha256}. */
    static RunningChecksum sha256Hex() {
        MessageDigest digest = digest("SHA-256");
        return new RunningChecksum() {
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            public String result() {
                return SigV4.hex(digest.digest());
            }
        };
    }

    /** MD5 as base64, the form of {@code Content-MD5}. */
    static RunningChecksum md5Base64() {
        return base64Digest(digest("MD5"));
    }

    /**
     * The {@code x-amz-checksum-ALGORITHM} checksums S3 defines that this server verifies: crc32,
     * crc32c, sha1 and sha256, each base64 of the big-endian value.
     */
    static Optional<RunningChecksum> forAmzChecksumHeader(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "x-amz-checksum-crc32" -> Optional.of(crc(new CRC32()));
            case "x-amz-checksum-crc32c" -> Optional.of(crc(new CRC32C()));
            case "x-amz-checksum-sha1" -> Optional.of(base64Digest(digest("SHA-1")));
            case "x-amz-checksum-sha256" -> Optional.of(base64Digest(digest("SHA-256")));
            default -> Optional.empty();
        };
    }

    private static RunningChecksum crc(Checksum crc) {
        return new RunningChecksum() {
            public void update(byte[] b, int off, int len) {
                crc.update(b, off, len);
            }

            public String result() {
                long v = crc.getValue();
                byte[] bytes = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
                return Base64.getEncoder().encodeToString(bytes);
            }
        };
    }

    private static RunningChecksum base64Digest(MessageDigest digest) {
        return new RunningChecksum() {
            public void update(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }

            public String result() {
                return Base64.getEncoder().encodeToString(digest.digest());
            }
        };
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
