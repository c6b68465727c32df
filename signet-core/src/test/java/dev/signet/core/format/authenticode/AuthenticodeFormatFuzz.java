package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AuthenticodeFormat}: a signed PE (headers, sections, the certificate table), as a file. {@code verify} declares {@link FormatException};
 * {@code signedPe} ({@link SignedPe}, which {@code verify} tries first) and {@code detectEmbedded} declare nothing.
 */
class AuthenticodeFormatFuzz {
    private static final AuthenticodeFormat FORMAT = new AuthenticodeFormat();

    @TempDir
    static Path dir;

    @BoundedFuzzTest
    void verify(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("input.exe"), input);
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(new Subject.File(file), new byte[0]);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    /** Signet's own signed-PE reader alone: it declares nothing (anything it cannot accept is empty). */
    @BoundedFuzzTest
    void signedPe(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("input.exe"), input);
        FuzzBounds.parse(() -> SignedPe.verify(file));
    }

    @BoundedFuzzTest
    void detectEmbedded(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("input.exe"), input);
        FuzzBounds.parse(() -> FORMAT.detectEmbedded(file));
    }
}
