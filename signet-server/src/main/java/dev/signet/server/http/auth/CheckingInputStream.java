package dev.signet.server.http.auth;

import dev.signet.core.sigv4.SigV4;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Passes a body through while computing a checksum; at end-of-stream compares it with the expected
 * value and throws {@link PayloadRejectedException} instead of returning -1 when they differ.
 */
final class CheckingInputStream extends FilterInputStream {
    private final RunningChecksum checksum;
    private final String expected;
    private final PayloadRejectedException onMismatch;
    private boolean checked;

    CheckingInputStream(
            InputStream in, RunningChecksum checksum, String expected, PayloadRejectedException onMismatch) {
        super(in);
        this.checksum = Objects.requireNonNull(checksum);
        this.expected = Objects.requireNonNull(expected);
        this.onMismatch = Objects.requireNonNull(onMismatch);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            checksum.update(b, off, n);
        } else if (n < 0 && !checked) {
            checked = true;
            if (!SigV4.constantTimeEquals(expected, checksum.result())) {
                throw onMismatch;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
