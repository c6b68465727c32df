package dev.signet.server.objects;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly {@code length} bytes of a stream: no more, and ending early is an IOException (the
 * content shrank). Subclasses may act on what is left unread when closed.
 */
public class RangeInputStream extends FilterInputStream {
    private long remaining;

    /** Skips to {@code start} of {@code in}, then yields {@code length} bytes. */
    public static InputStream of(InputStream in, long start, long length) throws IOException {
        in.skipNBytes(start);
        return new RangeInputStream(in, length);
    }

    protected RangeInputStream(InputStream in, long length) {
        super(in);
        this.remaining = length;
    }

    /** How many bytes of the range are still unread. */
    protected final long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new IOException("the content ended " + remaining + " bytes before its range did");
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(Math.min(n, remaining));
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(in.available(), remaining);
    }
}
