package dev.signet.server.testing;

import io.javalin.http.Context;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request head as fuzz targets write it, {@code METHOD TARGET} then {@code Name: value} lines
 * (LF-separated), and a Javalin {@link Context} over it, so the parsers that read requests through
 * Javalin (headers, the query string as Javalin splits and decodes it, the body stream) can be
 * fuzzed without a server. Only heads Jetty would deliver are built: {@link #parse} refuses (empty)
 * a method or header name that is not a token, a target outside printable ASCII, and a header value
 * holding a control character other than tab; values are trimmed as Jetty trims them, and read as
 * ISO-8859-1.
 *
 * <p>The context answers {@code req()} and request attributes, and runs Javalin's own default
 * methods over them ({@code header}, {@code queryParam}, ...); anything else (the response) throws
 * {@link UnsupportedOperationException}.
 */
public record RequestHead(String method, String path, String rawQuery, List<Map.Entry<String, String>> headers) {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final Pattern TARGET = Pattern.compile("/[\\x21-\\x7e]*");

    public RequestHead {
        headers = List.copyOf(headers);
    }

    /** The head in {@code text}; empty when Jetty would have refused it. */
    public static Optional<RequestHead> parse(byte[] text) {
        String[] lines = new String(text, StandardCharsets.ISO_8859_1).split("\n", -1);
        String[] requestLine = lines[0].split(" ", 2);
        String target = requestLine.length > 1 ? requestLine[1] : "/";
        if (!TOKEN.matcher(requestLine[0]).matches() || !TARGET.matcher(target).matches()) {
            return Optional.empty();
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                if (lines[i].isEmpty()) {
                    continue;
                }
                return Optional.empty();
            }
            String name = lines[i].substring(0, colon);
            String value = lines[i].substring(colon + 1).strip();
            if (!TOKEN.matcher(name).matches() || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                return Optional.empty();
            }
            headers.add(new SimpleImmutableEntry<>(name, value));
        }
        int q = target.indexOf('?');
        return Optional.of(new RequestHead(
                requestLine[0],
                q < 0 ? target : target.substring(0, q),
                q < 0 ? null : target.substring(q + 1),
                headers));
    }

    /** The first value of a header, any case. */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** A Javalin context for this head with {@code body} as its content. */
    public Context context(byte[] body) {
        HttpServletRequest request = proxy(HttpServletRequest.class, new Request(body));
        Map<String, Object> attributes = new HashMap<>();
        return proxy(Context.class, (proxy, method, args) -> switch (method.getName()) {
            case "req" -> request;
            case "attribute" -> {
                if (args.length == 2) {
                    attributes.put((String) args[0], args[1]);
                    yield null;
                }
                yield attributes.get((String) args[0]);
            }
            default -> {
                if (method.isDefault()) {
                    yield InvocationHandler.invokeDefault(proxy, method, args);
                }
                throw new UnsupportedOperationException("Context." + method.getName());
            }
        });
    }

    private final class Request implements InvocationHandler {
        private final byte[] body;
        private final Map<String, Object> attributes = new HashMap<>();

        Request(byte[] body) {
            this.body = body;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            return switch (method.getName()) {
                case "getMethod" -> method();
                case "getRequestURI" -> path;
                case "getQueryString" -> rawQuery;
                case "getScheme" -> "http";
                case "getHeader" -> header((String) args[0]).orElse(null);
                case "getHeaders" -> Collections.enumeration(values((String) args[0]));
                case "getHeaderNames" -> Collections.enumeration(names());
                case "getContentType" -> header("Content-Type").orElse(null);
                case "getCharacterEncoding" -> null;
                case "getContentLengthLong" -> (long) body.length;
                case "getContentLength" -> body.length;
                case "getInputStream" -> new BodyStream(body);
                case "getAttribute" -> attributes.get((String) args[0]);
                case "setAttribute" -> attributes.put((String) args[0], args[1]);
                case "removeAttribute" -> attributes.remove((String) args[0]);
                default -> throw new UnsupportedOperationException("HttpServletRequest." + method.getName());
            };
        }

        private List<String> values(String name) {
            return headers.stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue)
                    .toList();
        }

        /** Each name once, in the case it first came in, as Jetty lists them. */
        private List<String> names() {
            LinkedHashSet<String> lower = new LinkedHashSet<>();
            List<String> out = new ArrayList<>();
            for (Map.Entry<String, String> h : headers) {
                if (lower.add(h.getKey().toLowerCase(Locale.ROOT))) {
                    out.add(h.getKey());
                }
            }
            return out;
        }
    }

    private static final class BodyStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BodyStream(byte[] body) {
            this.in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("setReadListener");
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        InvocationHandler withObjectMethods = (proxy, method, args) -> switch (method.getName()) {
            case "equals" -> method.getParameterCount() == 1 ? proxy == args[0] : handler.invoke(proxy, method, args);
            case "hashCode" ->
                method.getParameterCount() == 0 ? System.identityHashCode(proxy) : handler.invoke(proxy, method, args);
            case "toString" ->
                method.getParameterCount() == 0
                        ? "fuzzed " + type.getSimpleName()
                        : handler.invoke(proxy, method, args);
            default -> handler.invoke(proxy, method, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, withObjectMethods));
    }
}
