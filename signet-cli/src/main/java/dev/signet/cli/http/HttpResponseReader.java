package dev.signet.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.x responses from a connection's stream, one at a time, treating the bytes as hostile: a status line and each
 * header line of at most {@link #MAX_LINE} bytes, at most {@link #MAX_HEADERS} headers, a body of at
 * most the given limit, framed by exactly one of a Content-Length (one value, digits only), a chunked
 * Transfer-Encoding (hex sizes, CRLF after each chunk, bounded trailers) or the end of the stream.
 * Refuses with {@link MalformedResponseException} folded header lines, both framings at once, other
 * transfer codings and conflicting lengths; skips at most {@link #MAX_INTERIM} 1xx responses.
 */
final class HttpResponseReader {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 100;
    static final int MAX_INTERIM = 5;

    private final InputStream in;
    private final int maxBody;
    private final byte[] line = new byte[MAX_LINE];
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private boolean keepAlive;

    /**
     * @param in the connection's stream, read through this reader only (it buffers what it reads,
     *     unsynchronized: one reader per connection, used by one thread at a time)
     */
    HttpResponseReader(InputStream in, int maxBody) {
        this.in = in;
        this.maxBody = maxBody;
    }

    /** Blocks until the first byte of the response is available (without consuming it). */
    void awaitFirstByte() throws IOException {
        if (position == limit && !fill()) {
            throw new EOFException("the server closed the connection");
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private int nextByte() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** Up to {@code length} bytes: fewer only at the end of the stream. */
    private byte[] readUpTo(int length) throws IOException {
        int buffered = Math.min(length, limit - position);
        byte[] bytes = new byte[buffered];
        System.arraycopy(buffer, position, bytes, 0, buffered);
        position += buffered;
        if (buffered == length) {
            return bytes;
        }
        byte[] rest = in.readNBytes(length - buffered);
        byte[] all = Arrays.copyOf(bytes, buffered + rest.length);
        System.arraycopy(rest, 0, all, buffered, rest.length);
        return all;
    }

    /** Whether the connection may carry another request after the response read. */
    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Reads one response.
     *
     * @param bodyless the request was {@code HEAD}: the response has no body whatever its headers say
     */
    HttpResponse read(boolean bodyless) throws IOException {
        keepAlive = false;
        for (int interim = 0; ; interim++) {
            String statusLine = line();
            int status = status(statusLine);
            Headers headers = headers();
            if (status >= 200) {
                keepAlive = statusLine.startsWith("HTTP/1.1") && !headers.close;
                byte[] body = bodyless ? new byte[0] : body(status, headers);
                return new HttpResponse(status, headers.all, body);
            }
            if (interim >= MAX_INTERIM) {
                throw new MalformedResponseException("has too many interim (1xx) responses");
            }
        }
    }

    private static int status(String statusLine) throws MalformedResponseException {
        boolean shape = statusLine.length() >= 12
                && (statusLine.startsWith("HTTP/1.1 ") || statusLine.startsWith("HTTP/1.0 "))
                && (statusLine.length() == 12 || statusLine.charAt(12) == ' ');
        if (shape) {
            int status = 0;
            for (int i = 9; i < 12; i++) {
                char c = statusLine.charAt(i);
                if (c < '0' || c > '9') {
                    shape = false;
                    break;
                }
                status = status * 10 + (c - '0');
            }
            if (shape && status >= 100 && status <= 599) {
                return status;
            }
        }
        throw new MalformedResponseException("is not HTTP/1.1 (status line " + quote(statusLine) + ")");
    }

    /** The headers the reader acts on, and all of them for the caller. */
    private static final class Headers {
        final Map<String, List<String>> all = new HashMap<>();
        long contentLength = -1;
        String transferEncoding;
        boolean close;
    }

    private Headers headers() throws IOException {
        Headers h = new Headers();
        for (int count = 0; ; count++) {
            String header = line();
            if (header.isEmpty()) {
                return h;
            }
            if (count >= MAX_HEADERS) {
                throw new MalformedResponseException("has more than " + MAX_HEADERS + " headers");
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || header.charAt(0) == ' ' || header.charAt(0) == '\t' || header.charAt(colon - 1) == ' ') {
                throw new MalformedResponseException("has a malformed header line " + quote(header));
            }
            String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).strip();
            h.all.computeIfAbsent(name, n -> new ArrayList<>(1)).add(value);
            switch (name) {
                case "content-length" -> {
                    long length = contentLength(value);
                    if (h.contentLength >= 0 && h.contentLength != length) {
                        throw new MalformedResponseException("has conflicting Content-Length headers");
                    }
                    h.contentLength = length;
                }
                case "transfer-encoding" ->
                    h.transferEncoding = h.transferEncoding == null ? value : h.transferEncoding + "," + value;
                case "connection" -> h.close |= value.toLowerCase(Locale.ROOT).contains("close");
                default -> {}
            }
        }
    }

    private static long contentLength(String value) throws MalformedResponseException {
        if (value.isEmpty() || value.length() > 18) {
            throw new MalformedResponseException("has a malformed Content-Length " + quote(value));
        }
        long length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedResponseException("has a malformed Content-Length " + quote(value));
            }
            length = length * 10 + (c - '0');
        }
        return length;
    }

    private byte[] body(int status, Headers h) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        if (h.transferEncoding != null) {
            if (h.contentLength >= 0) {
                throw new MalformedResponseException("has both Content-Length and Transfer-Encoding");
            }
            if (!h.transferEncoding.strip().equalsIgnoreCase("chunked")) {
                throw new MalformedResponseException(
                        "has an unsupported Transfer-Encoding " + quote(h.transferEncoding));
            }
            return chunked();
        }
        if (h.contentLength >= 0) {
            if (h.contentLength > maxBody) {
                throw tooLarge();
            }
            return exactly((int) h.contentLength);
        }
        keepAlive = false;
        byte[] body = readUpTo(maxBody + 1);
        if (body.length > maxBody) {
            throw tooLarge();
        }
        return body;
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
            int size = chunkSize(hex);
            if (size == 0) {
                for (int i = 0; !line().isEmpty(); i++) {
                    if (i >= MAX_HEADERS) {
                        throw new MalformedResponseException("has more than " + MAX_HEADERS + " trailers");
                    }
                }
                return body.toByteArray();
            }
            if (size > maxBody - body.size()) {
                throw tooLarge();
            }
            body.write(exactly(size));
            if (!line().isEmpty()) {
                throw new MalformedResponseException("has a chunk longer than its size");
            }
        }
    }

    private static int chunkSize(String hex) throws MalformedResponseException {
        if (hex.isEmpty() || hex.length() > 7) {
            throw new MalformedResponseException("has a malformed chunk size " + quote(hex));
        }
        int size = 0;
        for (int i = 0; i < hex.length(); i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw new MalformedResponseException("has a malformed chunk size " + quote(hex));
            }
            size = size * 16 + digit;
        }
        return size;
    }

    private byte[] exactly(int length) throws IOException {
        byte[] bytes = readUpTo(length);
        if (bytes.length != length) {
            throw new EOFException("the server closed the connection mid-response");
        }
        return bytes;
    }

    /** One line without its CRLF (or bare LF), read as ISO-8859-1. */
    private String line() throws IOException {
        int n = 0;
        while (true) {
            int c = nextByte();
            if (c < 0) {
                throw new EOFException("the server closed the connection mid-response");
            }
            if (c == '\n') {
                if (n > 0 && line[n - 1] == '\r') {
                    n--;
                }
                return new String(line, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (n >= MAX_LINE) {
                throw new MalformedResponseException("has a line longer than " + MAX_LINE + " bytes");
            }
            line[n++] = (byte) c;
        }
    }

    private ResponseTooLargeException tooLarge() {
        String limit = maxBody % (1 << 20) == 0 ? (maxBody >> 20) + " MiB" : maxBody + " bytes";
        return new ResponseTooLargeException("is larger than " + limit);
    }

    /** A short printable prefix of received text for an error message. */
    private static String quote(String s) {
        String prefix = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder out = new StringBuilder(prefix.length() + 2).append('\'');
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.append('\'').toString();
    }
}
