package dev.signet.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Streaming digests over any size of input with flat memory (one 1 MiB buffer per call), on the
 * provider {@link CryptoProviders#digestProvider} chooses (ACCP or the JDK, never BouncyCastle).
 */
public final class Digests {
    static final int BUFFER_SIZE = 1 << 20;
    static final long DIRECT_THRESHOLD = 4L << 20;
    static final int MAX_POOLED = 4;
    private static final BlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(MAX_POOLED);

    private Digests() {}

    /** A fresh digest on the chosen provider, for callers that feed it themselves. */
    public static MessageDigest newDigest(HashAlgorithm algorithm) {
        return CryptoProviders.messageDigest(Objects.requireNonNull(algorithm, "algorithm"));
    }

    /** Digests {@code in} to its end; does not close it. */
    public static byte[] digest(HashAlgorithm algorithm, InputStream in) throws IOException {
        Objects.requireNonNull(in, "in");
        MessageDigest md = newDigest(algorithm);
        byte[] buffer = new byte[BUFFER_SIZE];
        int n;
        while ((n = in.read(buffer)) != -1) {
            md.update(buffer, 0, n);
        }
        return md.digest();
    }

    /**
     * Digests a file. Files of {@link #DIRECT_THRESHOLD} bytes or more are read through a {@link
     * FileChannel} into a direct buffer that the digest consumes in place (ACCP hashes a direct
     * buffer without copying it to the Java heap and back), which saves two memory copies per
     * megabyte; at most {@link #MAX_POOLED} such buffers are kept for reuse.
     */
    public static byte[] digest(HashAlgorithm algorithm, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < DIRECT_THRESHOLD) {
                return digest(algorithm, Channels.newInputStream(channel));
            }
            MessageDigest md = newDigest(algorithm);
            ByteBuffer buffer = POOL.poll();
            if (buffer == null) {
                buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
            }
            try {
                buffer.clear();
                while (channel.read(buffer) != -1) {
                    buffer.flip();
                    md.update(buffer);
                    buffer.clear();
                }
                return md.digest();
            } finally {
                buffer.clear();
                POOL.offer(buffer);
            }
        }
    }

    /** Digests a byte array already in memory. */
    public static byte[] digest(HashAlgorithm algorithm, byte[] data) {
        return newDigest(algorithm).digest(Objects.requireNonNull(data, "data"));
    }
}
