package dev.signet.core.format.cms;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.TestVectors;

/**
 * {@link CmsDetachedFormat#verify}: a DER or PEM CMS SignedData (with any time-stamp token in its
 * unsigned attributes) over the committed vector's content. Declares {@link FormatException}.
 */
class CmsDetachedFormatFuzz {
    private static final Subject CONTENT =
            new Subject.File(TestVectors.of("cms-detached").file("input.txt"));
    private static final CmsDetachedFormat FORMAT = new CmsDetachedFormat();

    @BoundedFuzzTest
    void verify(byte[] signature) {
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(CONTENT, signature);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }
}
