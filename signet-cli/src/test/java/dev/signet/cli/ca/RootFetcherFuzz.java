package dev.signet.cli.ca;

import dev.signet.cli.CliException;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@link RootFetcher#parse}: the body a server returns for {@code GET /v1/ca/roots.pem}, which
 * {@code signet ca export} trusts only if it is 1 to 64 PEM certificates. Declares {@link
 * CliException}.
 */
class RootFetcherFuzz {
    private static final URI SOURCE = URI.create("http://127.0.0.1:9000/v1/ca/roots.pem");

    @BoundedFuzzTest
    void parse(byte[] body) {
        String text = new String(body, StandardCharsets.US_ASCII);
        FuzzBounds.parse(() -> {
            try {
                RootFetcher.parse(text, SOURCE, 1);
            } catch (CliException declared) {
                // refused, as documented
            }
        });
    }
}
