package dev.signet.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Streaming digests over any size of input with flat memory (one 1 MiB buffer per call), on the
 * provider {@link CryptoProviders#digestProvider} chooses (ACCP or the JDK, never BouncyCastle).
 */
public final class Digests {
    static final int BUFFER_SIZE = 1 << 20;

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

    public static byte[] digest(HashAlgorithm algorithm, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return digest(algorithm, in);
        }
    }

    /** Digests a byte array already in memory. */
    public static byte[] digest(HashAlgorithm algorithm, byte[] data) {
        return newDigest(algorithm).digest(Objects.requireNonNull(data, "data"));
    }
}
