package dev.signet.core.format.notation;

import dev.signet.core.format.FormatException;
import dev.signet.core.format.Subject;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.TestVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * {@link NotationJwsFormat}: a Notary Project JWS envelope over the committed vector's payload, and
 * the payload itself (SignPayload's bytes for this format). Both declare {@link FormatException}.
 */
class NotationJwsFormatFuzz {
    private static final NotationJwsFormat FORMAT = new NotationJwsFormat();
    private static final Subject PAYLOAD = payload();

    @BoundedFuzzTest
    void envelope(byte[] signature) {
        FuzzBounds.parse(() -> {
            try {
                FORMAT.verify(PAYLOAD, signature);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    @BoundedFuzzTest
    void payload(byte[] json) {
        FuzzBounds.parse(() -> {
            try {
                NotaryPayload.parse(json);
            } catch (FormatException declared) {
                // refused, as documented
            }
        });
    }

    private static Subject payload() {
        try {
            return new Subject.Payload(
                    NotaryPayload.MEDIA_TYPE,
                    Files.readAllBytes(TestVectors.of("notation-jws").file("payload.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
