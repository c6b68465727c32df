package dev.signet.server.http.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3 checksum values computed with the JDK alone (independently of the server's code), and the
 * SDK response member that carries each algorithm's value.
 */
final class Checksums {
    private Checksums() {}

    static byte[] raw(ChecksumAlgorithm algorithm, byte[] data) {
        return switch (algorithm) {
            case CRC32 -> crc(new CRC32(), data);
            case CRC32_C -> crc(new CRC32C(), data);
            case SHA1 -> digest("SHA-1", data);
            case SHA256 -> digest("SHA-256", data);
            default -> throw new IllegalArgumentException(algorithm.toString());
        };
    }

    /** base64 of the checksum of {@code data}. */
    static String of(ChecksumAlgorithm algorithm, byte[] data) {
        return Base64.getEncoder().encodeToString(raw(algorithm, data));
    }

    /** S3's composite multipart checksum: the checksum of the parts' binary checksums, then -N. */
    static String composite(ChecksumAlgorithm algorithm, List<byte[]> parts) {
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        parts.forEach(p -> joined.writeBytes(raw(algorithm, p)));
        return of(algorithm, joined.toByteArray()) + "-" + parts.size();
    }

    static String member(CompleteMultipartUploadResponse r, ChecksumAlgorithm a) {
        return pick(a, r.checksumCRC32(), r.checksumCRC32C(), r.checksumSHA1(), r.checksumSHA256());
    }

    static String member(GetObjectResponse r, ChecksumAlgorithm a) {
        return pick(a, r.checksumCRC32(), r.checksumCRC32C(), r.checksumSHA1(), r.checksumSHA256());
    }

    static String member(HeadObjectResponse r, ChecksumAlgorithm a) {
        return pick(a, r.checksumCRC32(), r.checksumCRC32C(), r.checksumSHA1(), r.checksumSHA256());
    }

    static String member(PutObjectResponse r, ChecksumAlgorithm a) {
        return pick(a, r.checksumCRC32(), r.checksumCRC32C(), r.checksumSHA1(), r.checksumSHA256());
    }

    private static String pick(ChecksumAlgorithm a, String crc32, String crc32c, String sha1, String sha256) {
        return switch (a) {
            case CRC32 -> crc32;
            case CRC32_C -> crc32c;
            case SHA1 -> sha1;
            case SHA256 -> sha256;
            default -> throw new IllegalArgumentException(a.toString());
        };
    }

    private static byte[] crc(Checksum crc, byte[] data) {
        crc.update(data, 0, data.length);
        long v = crc.getValue();
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] digest(String name, byte[] data) {
        try {
            return MessageDigest.getInstance(name).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
