package dev.signet.cli.verify;

import dev.signet.cli.CliException;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrustAnchors#load}: a {@code --trust} file of PEM or DER certificates for {@code signet
 * verify}. Declares {@link CliException}.
 */
class TrustAnchorsFuzz {
    @TempDir
    static Path dir;

    @BoundedFuzzTest
    void load(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("trust.pem"), input);
        FuzzBounds.parse(() -> {
            try {
                TrustAnchors.load(file);
            } catch (CliException declared) {
                // refused, as documented
            }
        });
    }
}
