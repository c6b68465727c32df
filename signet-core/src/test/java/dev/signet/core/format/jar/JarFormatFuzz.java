package dev.signet.core.format.jar;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.FuzzInputs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JarFormat}: a signed JAR (zip central directory, manifest, .SF, signature block), as a file. {@code verify} declares {@link FormatException};
 * {@code detectEmbedded} declares nothing. SignPayload's payload (issue 17): {@code payload}, the
 * deflated signature file as sent, and {@code signatureFile}, the signature file itself, both
 * {@link FormatException}; {@code stated}: a signature file and the block answered for it,
 * NUL-separated, {@code verify} with the payload, {@link FormatException}.
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
    void payload(byte[] input) {
        FuzzBounds.parse(() -> {
            try {
                JarSignatureFilePayload.parse(input);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void signatureFile(byte[] input) {
        FuzzBounds.parse(() -> {
            try {
                SignatureFile.parse(input);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void stated(byte[] input) {
        List<byte[]> fields = FuzzInputs.fields(input, 2);
        byte[] payload = JarSignatureFilePayload.encode(fields.get(0));
        if (payload.length > Subject.Payload.MAX_BYTES) {
            return; // not a payload Subject.Payload takes (SignPayload refuses it before the format)
        }
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(new Subject.Payload(JarSignatureFilePayload.MEDIA_TYPE, payload), fields.get(1));
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
