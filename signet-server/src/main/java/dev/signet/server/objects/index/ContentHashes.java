package dev.signet.server.objects.index;

import dev.signet.server.objects.ObjectStoreException;
import dev.signet.server.objects.checksum.ChecksumAlgorithm;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * What a content store computes while content streams through it, whatever holds the bytes: the
 * size (refused past a maximum before any more is stored), the MD5 (the ETag) and the checksum the
 * writer asked for. Not thread-safe: one per write.
 */
public final class ContentHashes {
    private final MessageDigest md5;
    private final Optional<ChecksumAlgorithm.Computation> checksum;
    private final long maxSize;
    private final String tooLargeMessage;
    private long size;

    public ContentHashes(Optional<ChecksumAlgorithm> algorithm, long maxSize, String tooLargeMessage) {
        this.md5 = md5();
        this.checksum = algorithm.map(ChecksumAlgorithm::start);
        this.maxSize = maxSize;
        this.tooLargeMessage = tooLargeMessage;
    }

    /**
     * Counts and hashes {@code n} more bytes.
     *
     * @throws ObjectStoreException EntityTooLarge once the content passes the maximum size
     */
    public void update(byte[] buffer, int offset, int n) throws ObjectStoreException {
        size += n;
        if (size > maxSize) {
            throw new ObjectStoreException("EntityTooLarge", tooLargeMessage);
        }
        md5.update(buffer, offset, n);
        if (checksum.isPresent()) {
            checksum.get().update(buffer, offset, n);
        }
    }

    public long size() {
        return size;
    }

    /** The content stored under {@code name}, as hashed; call once, after the last update. */
    public ContentStore.Written finish(String name) {
        return new ContentStore.Written(name, size, md5.digest(), checksum.map(ChecksumAlgorithm.Computation::finish));
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 unavailable", e);
        }
    }
}
