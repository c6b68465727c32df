package dev.signet.core.format.lambdazip;

import dev.signet.core.crypto.Digests;
import dev.signet.core.crypto.HashAlgorithm;
import dev.signet.core.format.ArtifactDigest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * A file copied into a new one in the read that takes its SHA-384, so that the copy holds exactly
 * the bytes hashed: the client that signs a zip where it lies reads it once, and a zip rewritten
 * meanwhile cannot give a signed zip other than the bytes the signature covers. One buffer of
 * {@value #BUFFER} bytes: memory stays flat whatever the size.
 */
final class HashedCopy {
    static final int BUFFER = 1 << 20;

    private HashedCopy() {}

    /** Copies {@code source} into {@code copy} (new and empty) from offset 0; the SHA-384 and length of what was copied. */
    static ArtifactDigest copy(Path source, FileChannel copy, LongConsumer progress) throws IOException {
        MessageDigest md = Digests.newDigest(HashAlgorithm.SHA384);
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(8192, in.size() + 1)));
            long position = 0;
            for (int n = in.read(buffer, position); n >= 0; n = in.read(buffer.clear(), position)) {
                buffer.flip();
                md.update(buffer.array(), 0, n);
                while (buffer.hasRemaining()) {
                    copy.write(buffer, position + buffer.position());
                }
                position += n;
                progress.accept(n);
            }
            return new ArtifactDigest(position, md.digest());
        }
    }
}
