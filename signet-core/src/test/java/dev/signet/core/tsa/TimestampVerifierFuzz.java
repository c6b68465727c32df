package dev.signet.core.tsa;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.nio.charset.StandardCharsets;

/**
 * {@link TimestampVerifier#verify}: an RFC 3161 token over fixed countersigned bytes (the seeds'
 * tokens were issued over them). Declares {@link TimestampException}.
 */
class TimestampVerifierFuzz {
    static final byte[] COUNTERSIGNED =
            "signet fuzz: the bytes a token countersigns".getBytes(StandardCharsets.US_ASCII);

    @BoundedFuzzTest
    void verify(byte[] token) {
        FuzzBounds.parse(() -> {
            try {
                TimestampVerifier.verify(token, COUNTERSIGNED);
            } catch (TimestampException declared) {
                // refused, as documented
            }
        });
    }
}
