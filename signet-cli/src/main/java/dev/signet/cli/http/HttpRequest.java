package dev.signet.cli.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP/1.1 request: method, absolute {@code http} or {@code https} URL, headers and an optional
 * body of known length. Refuses header names that are not tokens and values holding a line break or
 * a NUL (no header or request can be smuggled in through a value that came from elsewhere, such as a
 * registry's {@code Location}). {@code Host} and {@code Content-Length} are written from the URL and
 * the body; callers do not set them.
 */
public record HttpRequest(String method, URI url, List<Map.Entry<String, String>> headers, Optional<Body> body) {
    /** A body of known length, written once per sending; {@link #repeatable} when it can be sent again. */
    public interface Body {
        long length();

        void writeTo(OutputStream out) throws IOException;

        /** Whether {@link #writeTo} may be called again (for a resend or a redirect). */
        boolean repeatable();

        /** The body held in {@code bytes} (not copied: the caller leaves them alone). */
        static Body of(byte[] bytes) {
            return new Body() {
                @Override
                public long length() {
                    return bytes.length;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(bytes);
                }

                @Override
                public boolean repeatable() {
                    return true;
                }
            };
        }
    }

    public HttpRequest {
        Objects.requireNonNull(method, "method");
        if (!isToken(method)) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        hostHeader(url);
        if (url.getRawPath() == null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("an http(s) URL with a path and no fragment or user is expected");
        }
        headers = List.copyOf(headers);
        for (Map.Entry<String, String> h : headers) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!isToken(name) || name.equals("host") || name.equals("content-length")) {
                throw new IllegalArgumentException("a header this request cannot carry: " + h.getKey());
            }
            String value = h.getValue();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '\r' || c == '\n' || c == 0 || c > 0xff) {
                    throw new IllegalArgumentException("the value of " + h.getKey() + " holds a forbidden character");
                }
            }
        }
        Objects.requireNonNull(body, "body");
    }

    /** A request without a body. */
    public static HttpRequest of(String method, URI url, List<Map.Entry<String, String>> headers) {
        return new HttpRequest(method, url, headers, Optional.empty());
    }

    /** Whether the response to this request has no body whatever its headers say ({@code HEAD}). */
    public boolean bodylessResponse() {
        return method.equals("HEAD");
    }

    /** The first value of a header this request carries. */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** This request sent elsewhere: another method, URL or headers, and the body kept or dropped. */
    public HttpRequest redirected(String method, URI url, List<Map.Entry<String, String>> headers, boolean keepBody) {
        return new HttpRequest(method, url, headers, keepBody ? body : Optional.empty());
    }

    /** The request line and headers, ready to write. */
    byte[] head() {
        String target = url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            target = target + '?' + url.getRawQuery();
        }
        StringBuilder out = new StringBuilder(256)
                .append(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader(url))
                .append("\r\n");
        for (Map.Entry<String, String> h : headers) {
            out.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body.isPresent()) {
            out.append("Content-Length: ").append(body.get().length()).append("\r\n");
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            out.append("Content-Length: 0\r\n");
        }
        return out.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * The {@code Host} header of a URL: its host, with the port unless it is the scheme's default
     * (what a request's signature covers, so signer and sender compute it the same way).
     */
    public static String hostHeader(URI url) {
        String scheme = url.getScheme();
        boolean https = "https".equalsIgnoreCase(scheme);
        if (!https && !"http".equalsIgnoreCase(scheme) || url.getHost() == null) {
            throw new IllegalArgumentException("an http or https URL is expected: " + url);
        }
        int port = url.getPort();
        boolean defaultPort = port == -1 || (!https && port == 80) || (https && port == 443);
        return url.getHost() + (defaultPort ? "" : ":" + port);
    }

    /** The origin of a URL, {@code scheme://host:port}, with the scheme's default port made explicit. */
    static String origin(URI url) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() != -1 ? url.getPort() : https ? 443 : 80;
        return (https ? "https" : "http") + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code name: value} pairs in order, for {@link #headers}. */
    public static List<Map.Entry<String, String>> headers(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values in pairs");
        }
        List<Map.Entry<String, String>> out = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(Map.entry(namesAndValues[i], namesAndValues[i + 1]));
        }
        return out;
    }
}
