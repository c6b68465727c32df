package dev.signet.server.objects.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The S3 additional checksums Signet computes and verifies: CRC32, CRC32C, CRC64NVME, SHA-1 and
 * SHA-256. Values travel as base64 of the big-endian result ({@code x-amz-checksum-crc32},
 * {@code ChecksumCRC32}). The CRCs can be combined over parts (full-object multipart checksums);
 * every algorithm but CRC64NVME also has S3's composite form (checksum of the part checksums).
 * S3's newer SHA-512, MD5 and XXHASH checksums are not among them and are refused where named.
 */
public enum ChecksumAlgorithm {
    CRC32("CRC32", 0xEDB88320L, 32),
    CRC32C("CRC32C", 0x82F63B78L, 32),
    CRC64NVME("CRC64NVME", Crc64Nvme.REFLECTED_POLYNOMIAL, 64),
    SHA1("SHA1", 0, 0),
    SHA256("SHA256", 0, 0);

    private final String wireName;
    private final long reflectedPolynomial;
    private final int crcWidth;

    ChecksumAlgorithm(String wireName, long reflectedPolynomial, int crcWidth) {
        this.wireName = wireName;
        this.reflectedPolynomial = reflectedPolynomial;
        this.crcWidth = crcWidth;
    }

    /** The name S3 uses in {@code x-amz-checksum-algorithm} and XML: {@code CRC32}, {@code SHA256}, ... */
    public String wireName() {
        return wireName;
    }

    /** The header carrying a value, {@code x-amz-checksum-crc32}. */
    public String headerName() {
        return "x-amz-checksum-" + wireName.toLowerCase(Locale.ROOT);
    }

    /** The XML element and SDK member carrying a value, {@code ChecksumCRC32}. */
    public String xmlName() {
        return "Checksum" + wireName;
    }

    /** Whether this is a CRC, whose part values combine into the whole object's (FULL_OBJECT). */
    public boolean isCrc() {
        return crcWidth > 0;
    }

    /** Whether S3 allows this algorithm with the given multipart checksum type. */
    public boolean allows(ChecksumType type) {
        return type == ChecksumType.FULL_OBJECT ? isCrc() : this != CRC64NVME;
    }

    /** The type S3 uses for a multipart upload that names this algorithm and no type. */
    public ChecksumType defaultMultipartType() {
        return this == CRC64NVME ? ChecksumType.FULL_OBJECT : ChecksumType.COMPOSITE;
    }

    /** The algorithm named by {@code x-amz-checksum-algorithm} / {@code x-amz-sdk-checksum-algorithm}. */
    public static Optional<ChecksumAlgorithm> fromWireName(String name) {
        for (ChecksumAlgorithm a : values()) {
            if (a.wireName.equalsIgnoreCase(name.strip())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The algorithm whose value header is {@code headerName} (any case). */
    public static Optional<ChecksumAlgorithm> fromHeaderName(String headerName) {
        for (ChecksumAlgorithm a : values()) {
            if (a.headerName().equalsIgnoreCase(headerName.strip())) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** A fresh computation of this checksum. */
    public Computation start() {
        return switch (this) {
            case CRC32 -> new CrcComputation(new CRC32(), 4);
            case CRC32C -> new CrcComputation(new CRC32C(), 4);
            case CRC64NVME -> new CrcComputation(new Crc64Nvme(), 8);
            case SHA1 -> new DigestComputation(digest("SHA-1"));
            case SHA256 -> new DigestComputation(digest("SHA-256"));
        };
    }

    /** The checksum of {@code whole = first || second} from the checksums of its two halves (CRCs only). */
    byte[] combine(byte[] first, byte[] second, long secondLength) {
        if (!isCrc()) {
            throw new IllegalStateException(this + " does not combine");
        }
        long combined = CrcCombine.combine(
                CrcCombine.toLong(first), CrcCombine.toLong(second), secondLength, reflectedPolynomial, crcWidth);
        return CrcCombine.toBytes(combined, crcWidth / 8);
    }

    /** A running checksum: feed bytes, then take the big-endian result once. */
    public interface Computation {
        void update(byte[] b, int off, int len);

        byte[] finish();
    }

    private record CrcComputation(Checksum crc, int bytes) implements Computation {
        public void update(byte[] b, int off, int len) {
            crc.update(b, off, len);
        }

        public byte[] finish() {
            return CrcCombine.toBytes(crc.getValue(), bytes);
        }
    }

    private record DigestComputation(MessageDigest digest) implements Computation {
        public void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        public byte[] finish() {
            return digest.digest();
        }
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(name + " unavailable", e);
        }
    }
}
