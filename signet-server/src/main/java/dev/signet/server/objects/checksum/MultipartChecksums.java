package dev.signet.server.objects.checksum;

import java.util.Base64;
import java.util.List;

/**
 * The checksum of an object made by a multipart upload, from its parts' checksums, as S3 computes
 * it: COMPOSITE is the algorithm over the concatenated binary part checksums, written
 * {@code BASE64-N}; FULL_OBJECT (CRCs only) is the CRC of the whole object, combined from the part
 * CRCs and sizes without reading the content again.
 */
public final class MultipartChecksums {
    private MultipartChecksums() {}

    /** One part: its checksum (base64, as stored) and its size. */
    public record Part(String checksum, long size) {}

    public static ObjectChecksum of(ChecksumAlgorithm algorithm, ChecksumType type, List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no parts");
        }
        if (!algorithm.allows(type)) {
            throw new IllegalArgumentException(algorithm + " has no " + type + " form");
        }
        Base64.Decoder decoder = Base64.getDecoder();
        if (type == ChecksumType.COMPOSITE) {
            ChecksumAlgorithm.Computation c = algorithm.start();
            for (Part p : parts) {
                byte[] raw = decoder.decode(p.checksum());
                c.update(raw, 0, raw.length);
            }
            return new ObjectChecksum(
                    algorithm, type, Base64.getEncoder().encodeToString(c.finish()) + "-" + parts.size());
        }
        byte[] whole = decoder.decode(parts.get(0).checksum());
        for (int i = 1; i < parts.size(); i++) {
            whole = algorithm.combine(
                    whole, decoder.decode(parts.get(i).checksum()), parts.get(i).size());
        }
        return new ObjectChecksum(algorithm, type, Base64.getEncoder().encodeToString(whole));
    }
}
