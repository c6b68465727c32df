package dev.signet.server.http.verify;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) part by part from a stream, never holding more
 * than a 64 KiB window of it: each part's content is copied to a sink with a size limit. Refuses,
 * with a {@link MultipartException}: a missing or malformed boundary, a preamble, header block or
 * epilogue over its bound, a part without {@code Content-Disposition: form-data; name=...}, a part
 * over its limit and a body that ends before the closing delimiter. After the closing delimiter the
 * epilogue is read to the end of the stream, so checks a wrapped stream runs at end-of-stream (the
 * signed payload hash) have run when {@link #next()} reports the end.
 *
 * <pre>{@code
 * MultipartReader reader = new MultipartReader(body, MultipartReader.boundary(contentType));
 * for (Optional<Part> part = reader.next(); part.isPresent(); part = reader.next()) {
 *     reader.copyContent(out, limit);
 * }
 * }</pre>
 */
public final class MultipartReader {
    private static final int WINDOW = 64 * 1024;
    private static final int MAX_PREAMBLE = 64 * 1024;
    private static final int MAX_EPILOGUE = 64 * 1024;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 16;
    private static final Pattern BOUNDARY_PARAM =
            Pattern.compile("(?i);\\s*boundary=(?:\"([^\"]{1,70})\"|([A-Za-z0-9'()+_,./:=?-]{1,70}))\\s*(?:;|$)");
    private static final Pattern BOUNDARY_CHARS =
            Pattern.compile("[A-Za-z0-9'()+_,./:=? -]{0,69}[A-Za-z0-9'()+_,./:=?-]");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"\\r\\n]{1,100})\"");

    /** One part's headers: the form field name. */
    public record Part(String name) {
        public Part {
            Objects.requireNonNull(name, "name");
        }
    }

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] window = new byte[WINDOW];
    private int pos;
    private int lim;
    private boolean eof;
    private boolean started;
    private boolean contentPending;
    private boolean finished;

    /**
     * @param in the decoded body
     * @param boundary the boundary of the Content-Type, see {@link #boundary(String)}
     */
    public MultipartReader(InputStream in, String boundary) {
        this.in = Objects.requireNonNull(in, "in");
        if (!BOUNDARY_CHARS.matcher(boundary).matches()) {
            throw new IllegalArgumentException("not a multipart boundary");
        }
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // The first delimiter has no CRLF before it: read as if the body began with one.
        window[0] = '\r';
        window[1] = '\n';
        lim = 2;
    }

    /** The boundary parameter of a {@code multipart/form-data} Content-Type. */
    public static String boundary(String contentType) throws MultipartException {
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new MultipartException("the Content-Type must be multipart/form-data");
        }
        Matcher m = BOUNDARY_PARAM.matcher(contentType.strip());
        if (!m.find()) {
            throw new MultipartException("the multipart/form-data Content-Type has no valid boundary parameter");
        }
        String boundary = m.group(1) != null ? m.group(1) : m.group(2);
        if (!BOUNDARY_CHARS.matcher(boundary).matches()) {
            throw new MultipartException("the multipart boundary has characters RFC 2046 does not allow");
        }
        return boundary;
    }

    /**
     * The next part, skipping what is left of the current one's content; empty after the closing
     * delimiter (the rest of the stream has then been read).
     */
    public Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        if (!started) {
            if (!skipPreamble()) {
                throw new MultipartException("the body has no multipart boundary line");
            }
            started = true;
        } else if (contentPending) {
            copyContent(OutputStream.nullOutputStream(), Long.MAX_VALUE);
        }
        if (afterDelimiterIsClose()) {
            finished = true;
            drainEpilogue();
            return Optional.empty();
        }
        Part part = readHeaders();
        contentPending = true;
        return Optional.of(part);
    }

    /**
     * Copies the current part's content to {@code sink}.
     *
     * @return the content's length
     * @throws PartTooLargeException when the content is longer than {@code limit} bytes
     * @throws MultipartException when the body ends inside it
     */
    public long copyContent(OutputStream sink, long limit) throws IOException {
        if (!contentPending) {
            throw new IllegalStateException("no part is open");
        }
        long total = 0;
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                total = emit(sink, at - pos, total, limit);
                pos = at + delimiter.length;
                contentPending = false;
                return total;
            }
            int safe = (lim - pos) - (delimiter.length - 1);
            if (safe > 0) {
                total = emit(sink, safe, total, limit);
            }
            if (eof) {
                throw new MultipartException("the body ends inside a part, before the closing boundary");
            }
            readMore();
        }
    }

    private long emit(OutputStream sink, int n, long total, long limit) throws IOException {
        if (total + n > limit) {
            throw new PartTooLargeException(limit);
        }
        sink.write(window, pos, n);
        pos += n;
        return total + n;
    }

    /** Discards bytes up to and including the first delimiter; false when the body has none. */
    private boolean skipPreamble() throws IOException {
        long skipped = 0;
        while (true) {
            int at = indexOfDelimiter();
            int skip = at >= 0 ? at - pos : (lim - pos) - (delimiter.length - 1);
            if (skip > 0) {
                pos += skip;
                skipped += skip;
            }
            if (skipped > MAX_PREAMBLE) {
                throw new MultipartException("the multipart preamble is longer than " + MAX_PREAMBLE + " bytes");
            }
            if (at >= 0) {
                pos += delimiter.length;
                return true;
            }
            if (eof) {
                return false;
            }
            readMore();
        }
    }

    /** After a delimiter: {@code --} closes the body; else optional white space and CRLF. */
    private boolean afterDelimiterIsClose() throws IOException {
        require(2);
        if (window[pos] == '-' && window[pos + 1] == '-') {
            pos += 2;
            return true;
        }
        String rest = readLine();
        if (!rest.isBlank()) {
            throw new MultipartException("unexpected text after a multipart boundary");
        }
        return false;
    }

    private Part readHeaders() throws IOException {
        Optional<String> name = Optional.empty();
        for (int count = 0; ; count++) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            if (count >= MAX_HEADERS) {
                throw new MultipartException("a multipart part has more than " + MAX_HEADERS + " header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("a multipart part header is not 'Name: value'");
            }
            String header = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (header.equalsIgnoreCase("Content-Disposition")) {
                if (name.isPresent()) {
                    throw new MultipartException("a multipart part has two Content-Disposition headers");
                }
                name = Optional.of(formDataName(value));
            }
        }
        return new Part(name.orElseThrow(
                () -> new MultipartException("a multipart part has no Content-Disposition: form-data header")));
    }

    private static String formDataName(String disposition) throws MultipartException {
        if (!disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new MultipartException("a part's Content-Disposition must be form-data");
        }
        Matcher m = NAME.matcher(disposition);
        if (!m.find()) {
            throw new MultipartException("a part's Content-Disposition has no name=\"...\"");
        }
        return m.group(1);
    }

    /** A header line without its CRLF, ISO-8859-1 decoded; at most {@value #MAX_HEADER_LINE} bytes. */
    private String readLine() throws IOException {
        while (true) {
            for (int i = pos; i + 1 < lim; i++) {
                if (window[i] == '\r' && window[i + 1] == '\n') {
                    if (i - pos > MAX_HEADER_LINE) {
                        break;
                    }
                    String line = new String(window, pos, i - pos, StandardCharsets.ISO_8859_1);
                    pos = i + 2;
                    return line;
                }
            }
            if (lim - pos > MAX_HEADER_LINE) {
                throw new MultipartException("a multipart header line is longer than " + MAX_HEADER_LINE + " bytes");
            }
            if (eof) {
                throw new MultipartException("the body ends inside a part's headers");
            }
            readMore();
        }
    }

    private void drainEpilogue() throws IOException {
        long total = lim - pos;
        pos = lim;
        while (true) {
            if (total > MAX_EPILOGUE) {
                throw new MultipartException("the multipart epilogue is longer than " + MAX_EPILOGUE + " bytes");
            }
            if (eof) {
                return;
            }
            readMore();
            total += lim - pos;
            pos = lim;
        }
    }

    private void require(int n) throws IOException {
        while (lim - pos < n) {
            if (eof) {
                throw new MultipartException("the body ends inside a multipart boundary");
            }
            readMore();
        }
    }

    private int indexOfDelimiter() {
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (window[i] != delimiter[0]) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (window[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Moves the unread bytes to the front and reads once into the free space. */
    private void readMore() throws IOException {
        if (pos > 0) {
            System.arraycopy(window, pos, window, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == window.length) {
            throw new IllegalStateException("window full");
        }
        int n = in.read(window, lim, window.length - lim);
        if (n < 0) {
            eof = true;
        } else {
            lim += n;
        }
    }
}
