package dev.signet.server.objects.checksum;

import java.util.Objects;

/**
 * An object's checksum as S3 reports it: the algorithm, the type, and the value (base64 of the
 * big-endian checksum; a composite multipart value ends in {@code -N}, N the number of parts).
 */
public record ObjectChecksum(ChecksumAlgorithm algorithm, ChecksumType type, String value) {
    public ObjectChecksum {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }
}
