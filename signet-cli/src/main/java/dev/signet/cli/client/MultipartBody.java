package dev.signet.cli.client;

import dev.signet.cli.CliException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} request body (RFC 7578) whose file parts are streamed from disk as
 * the request is sent: nothing is buffered whole, and the length is known up front so the request
 * carries a {@code Content-Length}. The boundary is random, so no part's content can end a part.
 * {@link #open} may be called more than once (each call reads the files again).
 */
public final class MultipartBody {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    /** One piece of the body: bytes held here, or a file read when the body is opened. */
    private record Piece(byte[] bytes, Path file, long size) {}

    private final String boundary;
    private final List<Piece> pieces = new ArrayList<>();
    private long length;

    public MultipartBody() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.boundary = "signet-" + HexFormat.of().formatHex(random);
    }

    /** The {@code Content-Type} header value, naming the boundary. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** Adds a part held in memory (small: a JSON request, a detached signature). */
    public MultipartBody part(String name, Optional<String> filename, String contentType, byte[] content) {
        header(name, filename, contentType);
        add(content.clone());
        add(CRLF);
        return this;
    }

    /** Adds a part streamed from {@code file} when the request is sent; refuses an unreadable file. */
    public MultipartBody file(String name, Path file, String contentType) {
        header(name, Optional.of(filenameOf(file)), contentType);
        try {
            long size = Files.size(file);
            pieces.add(new Piece(null, file, size));
            length += size;
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        add(CRLF);
        return this;
    }

    /** The complete body's length in bytes: every part and the closing boundary. */
    public long length() {
        return length + closing().length;
    }

    /**
     * The complete body, every part then the closing boundary, read as it is consumed. A file whose
     * size changed since it was added fails the read (the declared length would be wrong).
     */
    public InputStream open() {
        if (pieces.isEmpty()) {
            throw new IllegalStateException("a multipart body needs at least one part");
        }
        List<Piece> all = new ArrayList<>(pieces);
        byte[] end = closing();
        all.add(new Piece(end, null, end.length));
        Iterator<Piece> it = all.iterator();
        return new SequenceInputStream(new Enumeration<>() {
            @Override
            public boolean hasMoreElements() {
                return it.hasNext();
            }

            @Override
            public InputStream nextElement() {
                Piece piece = it.next();
                return piece.file() == null ? new ByteArrayInputStream(piece.bytes()) : fileStream(piece);
            }
        });
    }

    /** The file's {@code size} bytes as added: a file that has since shrunk or grown fails the read. */
    private static InputStream fileStream(Piece piece) {
        try {
            return new ExactLength(Files.newInputStream(piece.file()), piece.file(), piece.size());
        } catch (IOException e) {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    throw e;
                }
            };
        }
    }

    /** Reads exactly {@code size} bytes of a file; a different size is an IOException. */
    private static final class ExactLength extends FilterInputStream {
        private final Path file;
        private long left;

        ExactLength(InputStream in, Path file, long size) {
            super(in);
            this.file = file;
            this.left = size;
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
            if (left == 0) {
                if (in.read() >= 0) {
                    throw changed();
                }
                in.close();
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw changed();
            }
            left -= n;
            return n;
        }

        private IOException changed() {
            return new IOException(file + " changed size while it was being sent");
        }
    }

    private byte[] closing() {
        return ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private void header(String name, Optional<String> filename, String contentType) {
        if (!TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("bad part name");
        }
        Objects.requireNonNull(contentType, "contentType");
        StringBuilder sb = new StringBuilder("--").append(boundary).append("\r\n");
        sb.append("Content-Disposition: form-data; name=\"").append(name).append('"');
        filename.ifPresent(f -> sb.append("; filename=\"").append(f).append('"'));
        sb.append("\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
        add(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The file's name for the Content-Disposition header, with nothing that could break the quoting. */
    static String filenameOf(Path file) {
        Path name = file.getFileName();
        String raw = name == null ? "file" : name.toString();
        StringBuilder sb = new StringBuilder();
        raw.codePoints()
                .forEach(c -> sb.appendCodePoint(c < 0x20 || c == '"' || c == '\\' || c == 0x7f || c > 0x7e ? '_' : c));
        return sb.isEmpty() ? "file" : sb.toString();
    }

    private void add(byte[] bytes) {
        pieces.add(new Piece(bytes, null, bytes.length));
        length += bytes.length;
    }
}
