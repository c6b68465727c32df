package dev.signet.core.format.freertos;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import dev.signet.core.testing.TestVectors;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS IoT JSON formats ({@link IotJsonFormat}): a signed FreeRTOS or TI CC3220SF document (the
 * signature embedded next to the base64 payload), and a detached document over the committed
 * vector's firmware; SignPayload's payload with its answer ({@code stated}). {@code verify} declares
 * {@link FormatException}; {@code detectEmbedded} declares nothing.
 */
class IotJsonFormatFuzz {
    private static final Subject FIRMWARE =
            new Subject.File(TestVectors.of("iot-json").file("firmware.bin"));

    @TempDir
    static Path dir;

    @BoundedFuzzTest
    void freeRtos(byte[] input) {
        embedded(new FreeRtosFormat(), input);
    }

    @BoundedFuzzTest
    void tiCc3220sf(byte[] input) {
        embedded(new TiCc3220sfFormat(), input);
    }

    @BoundedFuzzTest
    void detached(byte[] signature) {
        FuzzBounds.parse(() -> {
            try {
                new IotDetachedFormat().verify(FIRMWARE, signature);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    /**
     * SignPayload's payload and the document answered for it, NUL-separated: {@code verify} with a
     * payload, on the SHA-256 (FreeRTOS) and the SHA-1 (TI) platform.
     */
    @BoundedFuzzTest
    void stated(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 2);
        if (fields.get(0).length == 0 || fields.get(0).length > Subject.Payload.MAX_BYTES) {
            return; // not a payload Subject.Payload takes (SignPayload refuses it before the format)
        }
        Subject payload = new Subject.Payload(IotDigestPayload.MEDIA_TYPE, fields.get(0));
        for (SignatureFormat format : List.of(new FreeRtosFormat(), new TiCc3220sfFormat())) {
            FuzzBounds.parse(() -> {
                try {
                    format.verify(payload, fields.get(1));
                } catch (FormatException declared) {
                    // refused, as documented
                }
            });
        }
    }

    private static void embedded(SignatureFormat format, byte[] input) {
        Path file = FuzzInputs.file(dir.resolve("signed.json"), input);
        FuzzBounds.parse(() -> {
            format.detectEmbedded(file);
            try {
                format.verify(new Subject.File(file), new byte[0]);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }
}
