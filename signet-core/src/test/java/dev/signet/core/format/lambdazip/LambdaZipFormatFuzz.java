package dev.signet.core.format.lambdazip;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LambdaZipFormat}: a Lambda zip with its signature entry (zip central directory, local headers, the token), as a file. {@code verify} declares {@link FormatException};
 * {@code detectEmbedded} declares nothing; {@code stated}: SignPayload's payload and its answer, {@link
 * FormatException}.
 */
class LambdaZipFormatFuzz {
    private static final LambdaZipFormat FORMAT = new LambdaZipFormat();

    @TempDir
    static Path dir;

    @BoundedFuzzTest
    void verify(byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("input.zip"), input);
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
        Path file = FuzzInputs.file(dir.resolve("input.zip"), input);
        FuzzBounds.parse(() -> FORMAT.detectEmbedded(file));
    }

    /** SignPayload's payload and the block answered for it, NUL-separated: {@code verify} with a payload. */
    @BoundedFuzzTest
    void stated(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 2);
        if (fields.get(0).length == 0 || fields.get(0).length > Subject.Payload.MAX_BYTES) {
            return; // not a payload Subject.Payload takes (SignPayload refuses it before the format)
        }
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(new Subject.Payload(LambdaZipPayload.MEDIA_TYPE, fields.get(0)), fields.get(1));
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }
}
