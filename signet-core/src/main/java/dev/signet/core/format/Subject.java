package dev.signet.core.format;

import dev.signet.core.crypto.HashAlgorithm;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a signature covers: a whole artifact on disk (streamed, any size), a digest that a client
 * computed (SignPayload's digest mode, client-side hashing in the CLI), or a small structured
 * payload signed verbatim (SignPayload with a format-defined payload type, e.g. the Notary Project
 * payload {@code {"targetArtifact": <OCI descriptor>}}).
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

    /**
     * A small payload of a declared media type, signed as it is (at most {@link #MAX_BYTES}). The
     * format that accepts the media type validates the content, and bounds its size further
     * ({@link SignatureFormat#maxPayloadBytes()}).
     */
    record Payload(String mediaType, byte[] bytes) implements Subject {
        public static final int MAX_BYTES = 1 << 20;
        private static final Pattern MEDIA_TYPE =
                Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}/" + "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}");

        public Payload {
            if (mediaType == null || !MEDIA_TYPE.matcher(mediaType).matches()) {
                throw new IllegalArgumentException("bad payload media type");
            }
            bytes = bytes.clone();
            if (bytes.length == 0 || bytes.length > MAX_BYTES) {
                throw new IllegalArgumentException("a payload is 1 to " + MAX_BYTES + " bytes, got " + bytes.length);
            }
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }
}
