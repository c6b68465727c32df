package dev.signet.server.objects.s3;

import dev.signet.server.objects.RangeInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * A ranged GetObject's body: exactly the range's bytes (a {@link RangeInputStream}: a body that
 * ends early is an IOException), and a close before the end aborts the connection rather than
 * reading the rest of the range.
 */
final class S3ContentStream extends RangeInputStream {
    private final ResponseInputStream<?> response;

    S3ContentStream(ResponseInputStream<?> response, long length) {
        super(response, length);
        this.response = response;
    }

    @Override
    public void close() throws IOException {
        if (remaining() > 0) {
            response.abort();
        }
        super.close();
    }
}
