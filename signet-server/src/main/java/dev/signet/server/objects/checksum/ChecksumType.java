package dev.signet.server.objects.checksum;

import java.util.Optional;

/**
 * How an object's checksum covers it: FULL_OBJECT (the checksum of every byte, as for a single PUT)
 * or COMPOSITE (for a multipart upload: the checksum of the concatenated part checksums, written
 * with a {@code -N} suffix).
 */
public enum ChecksumType {
    FULL_OBJECT,
    COMPOSITE;

    /** The type named by {@code x-amz-checksum-type}, exactly as S3 spells it. */
    public static Optional<ChecksumType> fromWireName(String name) {
        for (ChecksumType t : values()) {
            if (t.name().equals(name.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
