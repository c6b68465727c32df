package dev.signet.core.format;

import dev.signet.core.crypto.HashAlgorithm;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a signature covers: either a whole artifact on disk (streamed, any size) or a digest that a
 * client computed (SignPayload's digest mode, client-side hashing in the CLI).
 */
public sealed interface Subject {

    /** An artifact on disk, read as a stream; never loaded whole into memory. */
    record File(Path path) implements Subject {
        public File {
            Objects.requireNonNull(path, "path");
        }
    }

    /** A precomputed digest of an artifact. */
    record Digest(HashAlgorithm algorithm, byte[] value) implements Subject {
        public Digest {
            Objects.requireNonNull(algorithm, "algorithm");
            value = value.clone();
            if (value.length != algorithm.length()) {
                throw new IllegalArgumentException("a " + algorithm.jcaName() + " digest is " + algorithm.length()
                        + " bytes, got " + value.length);
            }
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }
}
