package dev.signet.core.format.authenticode;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AuthenticodeFormat}: a signed PE (headers, sections, the certificate table), as a file. {@code verify} declares {@link FormatException};
 * {@code signedPe} ({@link SignedPe}, which {@code verify} tries first) and {@code detectEmbedded} declare nothing;
 * {@code stated}: SignPayload's payload ({@link AuthenticodeDigestPayload}) and the SignedData answered for it,
 * {@link FormatException}.
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

    /** SignPayload's payload and the SignedData answered for it, NUL-separated: {@code verify} with a payload. */
    @BoundedFuzzTest
    void stated(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 2);
        if (fields.get(0).length == 0 || fields.get(0).length > Subject.Payload.MAX_BYTES) {
            return; // not a payload Subject.Payload takes (SignPayload refuses it before the format)
        }
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(new Subject.Payload(AuthenticodeDigestPayload.MEDIA_TYPE, fields.get(0)), fields.get(1));
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }
}
