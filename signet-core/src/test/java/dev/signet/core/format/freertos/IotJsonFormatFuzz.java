package dev.signet.core.format.freertos;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.SignatureFormat;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import dev.signet.core.testing.TestVectors;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS IoT JSON formats ({@link IotJsonFormat}): a signed FreeRTOS or TI CC3220SF document (the
 * signature embedded next to the base64 payload), and a detached document over the committed
 * vector's firmware. {@code verify} declares {@link FormatException}; {@code detectEmbedded}
 * declares nothing.
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
