package dev.signet.core.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Streaming digests over any size of input with flat memory, on the fastest provider. */
public final class Digests {
    private Digests() {}

    public static byte[] digest(HashAlgorithm algorithm, InputStream in) throws IOException {
        throw new UnsupportedOperationException("TODO core");
    }

    public static byte[] digest(HashAlgorithm algorithm, Path file) throws IOException {
        throw new UnsupportedOperationException("TODO core");
    }
}
