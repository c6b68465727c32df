package dev.signet.core.format;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * An artifact's length and digest, as a {@link ClientSigning} states them to the server: every byte
 * read once, streamed (flat memory), each read reported to a progress listener.
 *
 * @param size the number of bytes hashed
 * @param digest the digest of exactly those bytes
 */
public record ArtifactDigest(long size, byte[] digest) {
    private static final int BUFFER = 1 << 20;

    public ArtifactDigest {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /**
     * Hashes {@code file} with {@code algorithm}.
     *
     * @throws FormatException when the file cannot be read
     */
    public static ArtifactDigest of(HashAlgorithm algorithm, Path file, LongConsumer progress) throws FormatException {
        Objects.requireNonNull(progress, "progress");
        MessageDigest md = Digests.newDigest(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            long size = 0;
            byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(8192, Files.size(file) + 1))];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md.update(buffer, 0, n);
                size += n;
                progress.accept(n);
            }
            return new ArtifactDigest(size, md.digest());
        } catch (IOException e) {
            throw new FormatException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
