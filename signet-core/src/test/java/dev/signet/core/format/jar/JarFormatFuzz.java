package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JarFormat}: a signed JAR (zip central directory, manifest, .SF, signature block), as a file. {@code verify} declares {@link FormatException};
 * {@code detectEmbedded} declares nothing.
 */
class JarFormatFuzz {
    private static final JarFormat FORMAT = new JarFormat();

    @TempDir
    static Path dir;

    @BoundedFuzzTest
    void verify(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("input.jar"), input);
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(new Subject.File(file), new byte[0]);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void detectEmbedded(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("input.jar"), input);
        FuzzBounds.parse(() -> FORMAT.detectEmbedded(file));
    }
}
