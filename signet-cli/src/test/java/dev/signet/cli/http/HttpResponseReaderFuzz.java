package dev.signet.cli.http;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@link HttpResponseReader}: what a server sends back on a keep-alive connection of {@code signet
 * sign}, read response after response while the connection may carry another, with a 64 KiB body
 * limit. Declares {@link MalformedResponseException}, and {@link EOFException} for a connection
 * closed mid-response.
 */
class HttpResponseReaderFuzz {
    private static final int MAX_BODY = 64 * 1024;

    @BoundedFuzzTest
    void read(byte[] input) {
        FuzzBounds.parse(() -> {
            HttpResponseReader reader = new HttpResponseReader(new ByteArrayInputStream(input), MAX_BODY);
            try {
                do {
                    reader.read(false);
                } while (reader.keepAlive());
            } catch (MalformedResponseException | EOFException declared) {
                // refused, as documented
            } catch (IOException e) {
                throw new UncheckedIOException("an undeclared I/O failure over an in-memory stream", e);
            }
        });
    }
}
