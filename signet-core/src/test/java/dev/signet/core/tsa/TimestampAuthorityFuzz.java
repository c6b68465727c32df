package dev.signet.core.tsa;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.core.testing.TestPki;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TimestampAuthority#respond}: the DER TimeStampReq anyone may POST to {@code
 * /v1/timestamp}. Declares nothing: every request gets a TimeStampResp, granted or rejected.
 */
class TimestampAuthorityFuzz {
    @TempDir
    static Path dir;

    private static TimestampAuthority tsa;

    @BeforeAll
    static void setUp() {
        tsa = new TestPki(dir).tsa();
    }

    @BoundedFuzzTest
    void respond(byte[] request) {
        FuzzBounds.parse(() -> {
            if (tsa.respond(request).length == 0) {
                throw new AssertionError("an empty TimeStampResp");
            }
        });
    }
}
