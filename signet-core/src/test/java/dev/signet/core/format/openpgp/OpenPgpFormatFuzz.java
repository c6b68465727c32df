package dev.signet.core.format.openpgp;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import dev.signet.core.testing.TestVectors;
import java.util.List;

/**
 * {@link OpenPgpFormat#verify}: an armored or binary OpenPGP signature over the committed vector's
 * file; {@code stated}: SignPayload's payload and its answer. Declares {@link FormatException}.
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

    /** SignPayload's payload and the signature answered for it, NUL-separated: {@code verify} with a payload. */
    @BoundedFuzzTest
    void stated(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 2);
        if (fields.get(0).length == 0 || fields.get(0).length > Subject.Payload.MAX_BYTES) {
            return; // not a payload Subject.Payload takes (SignPayload refuses it before the format)
        }
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(new Subject.Payload(OpenPgpDigestPayload.MEDIA_TYPE, fields.get(0)), fields.get(1));
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }
}
