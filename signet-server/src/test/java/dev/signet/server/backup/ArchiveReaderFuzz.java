package dev.signet.server.backup;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A restore's readers over hostile bytes. {@code content}: the decrypted content ({@link
 * ArchiveReader}, every entry read, and the manifest decoded when it is first), as an archive sealed
 * with the right key would deliver it. {@code sealed}: the encrypted layer ({@link
 * UnsealingInputStream}) under a fixed key, which the seeds are sealed with (vector-1's content in
 * one chunk, and in two), so mutations of a good seed reach the chunk and tag checks. Both declare {@link ArchiveException} only.
 */
class ArchiveReaderFuzz {
    /** A fixed AES key (32 bytes 0x5a), not derived: scrypt per input would spend the time bound. */
    private static final SecretKey KEY = new SecretKeySpec(filled((byte) 0x5a), "AES");

    @BoundedFuzzTest
    void content(byte[] input) {
        FuzzBounds.parse(() -> {
            try {
                readAll(new ByteArrayInputStream(input));
            } catch (ArchiveException declared) {
                // refused
            } catch (IOException e) {
                throw new AssertionError("an undeclared I/O failure over bytes in memory", e);
            }
        });
    }

    @BoundedFuzzTest
    void sealed(byte[] input) {
        FuzzBounds.parse(() -> {
            try (UnsealingInputStream in = UnsealingInputStream.open(new ByteArrayInputStream(input), salt -> KEY)) {
                readAll(in);
            } catch (ArchiveException declared) {
                // refused
            } catch (IOException e) {
                throw new AssertionError("an undeclared I/O failure over bytes in memory", e);
            }
        });
    }

    private static void readAll(InputStream in) throws IOException {
        ArchiveReader reader = new ArchiveReader(in);
        boolean first = true;
        for (Optional<ArchiveReader.Entry> e = reader.next(); e.isPresent(); e = reader.next()) {
            byte[] bytes = e.get().content().readNBytes(1 << 20);
            if (first && e.get().path().equals(ArchivePaths.MANIFEST)) {
                Manifest.decode(bytes);
            }
            first = false;
        }
    }

    private static byte[] filled(byte value) {
        byte[] key = new byte[32];
        Arrays.fill(key, value);
        return key;
    }
}
