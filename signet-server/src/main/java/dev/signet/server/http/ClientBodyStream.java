package dev.signet.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as the container delivers it, with every read failure turned into a {@link
 * ClientBodyException}: whatever reads the body (a hash check, the multipart reader, the object
 * store) passes that exception on, and the error mapping recognises it wherever it ends up.
 */
final class ClientBodyStream extends FilterInputStream {
    ClientBodyStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return in.read();
        } catch (IOException e) {
            throw ClientBodyException.of(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            throw ClientBodyException.of(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return in.skip(n);
        } catch (IOException e) {
            throw ClientBodyException.of(e);
        }
    }

    @Override
    public int available() throws IOException {
        try {
            return in.available();
        } catch (IOException e) {
            throw ClientBodyException.of(e);
        }
    }
}
