package dev.signet.server.http.auth;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

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
     * crc32c, crc64nvme, sha1 and sha256 ({@link ChecksumAlgorithm}), each base64 of the big-endian value.
     */
    static Optional<RunningChecksum> forAmzChecksumHeader(String headerName) {
        return ChecksumAlgorithm.fromHeaderName(headerName).map(a -> {
            ChecksumAlgorithm.Computation computation = a.start();
            return new RunningChecksum() {
                public void update(byte[] b, int off, int len) {
                    computation.update(b, off, len);
                }

                public String result() {
                    return Base64.getEncoder().encodeToString(computation.finish());
                }
            };
        });
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
