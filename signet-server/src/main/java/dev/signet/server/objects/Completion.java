package dev.signet.server.objects;

import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import dev.signet.server.objects.checksum.ChecksumType;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A CompleteMultipartUpload request: the parts to assemble, in the client's order, and what the
 * client claims about the result (its checksum type, its whole-object checksums, its size), each
 * checked before anything is committed.
 */
public record Completion(
        List<Part> parts,
        Optional<ChecksumType> checksumType,
        Map<ChecksumAlgorithm, String> objectChecksums,
        Optional<Long> objectSize) {
    public Completion {
        parts = List.copyOf(parts);
        Objects.requireNonNull(checksumType, "checksumType");
        objectChecksums = Map.copyOf(objectChecksums);
        Objects.requireNonNull(objectSize, "objectSize");
    }

    /** One {@code <Part>}: number, ETag (quotes removed) and any checksums it lists. */
    public record Part(int partNumber, String etag, Map<ChecksumAlgorithm, String> checksums) {
        public Part {
            Objects.requireNonNull(etag, "etag");
            checksums = Map.copyOf(checksums);
        }
    }
}
