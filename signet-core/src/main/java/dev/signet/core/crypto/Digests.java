package dev.signet.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Streaming digests over any size of input with flat memory (at most a few MiB of buffers per call), on the
 * provider {@link CryptoProviders#digestProvider} chooses (ACCP or the JDK, never BouncyCastle).
 */
public final class Digests {
    static final int BUFFER_SIZE = 1 << 20;
    static final long READ_AHEAD_THRESHOLD = 4L << 20;

    private Digests() {}

    /** A fresh digest on the chosen provider, for callers that feed it themselves. */
    public static MessageDigest newDigest(HashAlgorithm algorithm) {
        return CryptoProviders.messageDigest(Objects.requireNonNull(algorithm, "algorithm"));
    }

    /** Digests {@code in} to its end; does not close it. */
    public static byte[] digest(HashAlgorithm algorithm, InputStream in) throws IOException {
        return digest(newDigest(algorithm), Objects.requireNonNull(in, "in"), BUFFER_SIZE);
    }

    private static byte[] digest(MessageDigest md, InputStream in, int bufferSize) throws IOException {
        byte[] buffer = new byte[bufferSize];
        int n;
        while ((n = in.read(buffer)) != -1) {
            md.update(buffer, 0, n);
        }
        return md.digest();
    }

    /**
     * Digests a file. Files of {@link #READ_AHEAD_THRESHOLD} bytes or more are read on a helper
     * thread into direct buffers that the digest consumes in place ({@link ReadAheadDigest}): the
     * copy from the page cache overlaps the hashing, and ACCP hashes a direct buffer without copying
     * it to the Java heap and back. Memory stays flat whatever the file's size.
     */
    public static byte[] digest(HashAlgorithm algorithm, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        MessageDigest md = newDigest(algorithm);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < READ_AHEAD_THRESHOLD) {
                // a small file gets a buffer its size (one read more sees its end), not a zeroed 1 MiB
                int bufferSize = (int) Math.min(BUFFER_SIZE, Math.max(size + 1, 8192));
                return digest(md, Channels.newInputStream(channel), bufferSize);
            }
            return ReadAheadDigest.digest(md, channel);
        }
    }

    /** Digests a byte array already in memory. */
    public static byte[] digest(HashAlgorithm algorithm, byte[] data) {
        return newDigest(algorithm).digest(Objects.requireNonNull(data, "data"));
    }
}
