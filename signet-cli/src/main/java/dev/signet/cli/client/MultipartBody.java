package dev.signet.cli.client;

import dev.signet.cli.CliException;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} request body (RFC 7578) whose file parts are streamed from disk as
 * the request is sent: nothing is buffered whole, and the length is known up front so the request
 * carries a {@code Content-Length}. The boundary is random, so no part's content can end a part.
 */
public final class MultipartBody {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final byte[] CRLF = "\r\n".getBytes(StandardCharsets.US_ASCII);

    private final String boundary;
    private final List<HttpRequest.BodyPublisher> pieces = new ArrayList<>();
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
        add(HttpRequest.BodyPublishers.ofByteArray(content.clone()), content.length);
        add(CRLF);
        return this;
    }

    /** Adds a part streamed from {@code file} when the request is sent; refuses an unreadable file. */
    public MultipartBody file(String name, Path file, String contentType) {
        header(name, Optional.of(filenameOf(file)), contentType);
        try {
            long size = Files.size(file);
            add(HttpRequest.BodyPublishers.ofFile(file), size);
        } catch (IOException e) {
            throw CliException.usage("cannot read " + file + ": " + e.getMessage());
        }
        add(CRLF);
        return this;
    }

    /** The complete body: every part, then the closing boundary. Call once, after the parts. */
    public HttpRequest.BodyPublisher publisher() {
        if (pieces.isEmpty()) {
            throw new IllegalStateException("a multipart body needs at least one part");
        }
        List<HttpRequest.BodyPublisher> all = new ArrayList<>(pieces);
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        all.add(HttpRequest.BodyPublishers.ofByteArray(end));
        long total = length + end.length;
        HttpRequest.BodyPublisher concat =
                HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
        if (concat.contentLength() != total) {
            throw new IllegalStateException("multipart length " + concat.contentLength() + " != " + total);
        }
        return concat;
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
        add(HttpRequest.BodyPublishers.ofByteArray(bytes), bytes.length);
    }

    private void add(HttpRequest.BodyPublisher publisher, long size) {
        pieces.add(publisher);
        length += size;
    }
}
