package dev.signet.server.backup;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A restore's readers over hostile bytes. {@code content}: the decrypted content ({@link
 * ArchiveReader}, every entry read, and the manifest decoded when it is first), as an archive sealed
 * with the right key would deliver it. {@code sealed}: the encrypted layer ({@link
 * UnsealingInputStream}) under the fixed test key, so mutations of a good seed reach the chunk and
 * tag checks. Both declare {@link ArchiveException} only.
 */
class ArchiveReaderFuzz {
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
            try (UnsealingInputStream in =
                    UnsealingInputStream.open(new ByteArrayInputStream(input), salt -> Archives.key(Archives.SALT))) {
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
}
