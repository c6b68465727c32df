package dev.signet.core.format.openpgp;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.TestVectors;

/**
 * {@link OpenPgpFormat#verify}: an armored or binary OpenPGP signature over the committed vector's
 * file. Declares {@link FormatException}.
 */
class OpenPgpFormatFuzz {
    private static final OpenPgpFormat FORMAT = new OpenPgpFormat();
    private static final Subject FILE =
            new Subject.File(TestVectors.of("openpgp").file("release.txt"));

    @BoundedFuzzTest
    void verify(byte[] signature) {
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(FILE, signature);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }
}
