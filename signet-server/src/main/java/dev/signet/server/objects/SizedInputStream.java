package dev.signet.server.objects;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body whose length was declared before it is read (Content-Length, x-amz-decoded-content-length,
 * a file's size), so a content store may send it on as it arrives instead of holding it: it yields
 * exactly {@link #size()} bytes, then its end. Ending early is an {@link EOFException}, more bytes
 * than declared an IOException. Its end is the underlying stream's end, read through, so a check
 * that stream makes at its end (a digest the client declared) still runs.
 */
public final class SizedInputStream extends InputStream {
    private final InputStream in;
    private final long size;
    private long count;

    public SizedInputStream(InputStream in, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + size);
        }
        this.in = in;
        this.size = size;
    }

    /** The declared length. */
    public long size() {
        return size;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            if (count < size) {
                throw new EOFException("the body ended after " + count + " of its " + size + " bytes");
            }
            return -1;
        }
        count += n;
        if (count > size) {
            throw new IOException("the body is longer than its declared " + size + " bytes");
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
