package dev.signet.cli.http;

import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;

/**
 * A sequence of HTTP/1.1 requests over {@link HttpConnection}s, one kept open per origin, and
 * redirects followed as the JDK's HTTP client does with {@code Redirect.NORMAL}: 301, 302, 303, 307
 * and 308, never from {@code https} to {@code http}, at most {@link Settings#maxRedirects} in a row;
 * 303 (and 301 or 302 after a {@code POST}) become a {@code GET} without a body; a body that cannot be
 * sent again ends the chain with the redirect itself. {@code Authorization} goes only to the origin
 * the request was first sent to. A request that fails on a reused connection before any of its answer
 * arrived is sent once more on a new one when its body can be. Not thread-safe.
 */
public final class HttpSession implements AutoCloseable {
    private final Settings settings;
    private final Supplier<SSLSocketFactory> tls;
    private final ProxySelector proxies;
    private final Map<String, HttpConnection> open = new HashMap<>();

    /**
     * @param maxBody the largest response body accepted ({@link ResponseTooLargeException} beyond)
     * @param maxRedirects how many redirects to follow in a row; 0 returns every response as it is
     */
    public record Settings(int connectTimeoutMillis, int readTimeoutMillis, int maxBody, int maxRedirects) {
        public Settings {
            if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0 || maxBody <= 0 || maxRedirects < 0) {
                throw new IllegalArgumentException("timeouts and the body limit must be positive");
            }
        }
    }

    public HttpSession(Settings settings) {
        this(settings, () -> (SSLSocketFactory) SSLSocketFactory.getDefault(), ProxySelector.getDefault());
    }

    HttpSession(Settings settings, Supplier<SSLSocketFactory> tls, ProxySelector proxies) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.proxies = proxies;
    }

    /**
     * Sends {@code request}, following redirects as described above.
     *
     * @throws MalformedResponseException when a response is not acceptable HTTP/1.1 or too large
     * @throws IOException when a server cannot be reached or a connection fails
     */
    public HttpResponse send(HttpRequest request) throws IOException {
        String firstOrigin = HttpRequest.origin(request.url());
        HttpRequest current = request;
        for (int redirects = 0; ; redirects++) {
            HttpResponse response = exchange(current);
            Optional<HttpRequest> next =
                    redirects < settings.maxRedirects() ? redirect(current, response, firstOrigin) : Optional.empty();
            if (next.isEmpty()) {
                return response;
            }
            current = next.get();
        }
    }

    private HttpResponse exchange(HttpRequest request) throws IOException {
        String origin = HttpRequest.origin(request.url());
        HttpConnection connection = open.remove(origin);
        if (connection == null) {
            connection = connect(request.url());
        }
        HttpResponse response;
        try {
            response = connection.exchange(request);
        } catch (HttpConnection.StaleConnectionException e) {
            if (request.body().isPresent() && !request.body().get().repeatable()) {
                throw e;
            }
            connection = connect(request.url());
            response = connection.exchange(request);
        }
        if (connection.isOpen()) {
            open.put(origin, connection);
        }
        return response;
    }

    private HttpConnection connect(URI url) {
        return new HttpConnection(
                url, settings.connectTimeoutMillis(), settings.readTimeoutMillis(), settings.maxBody(), tls, proxies);
    }

    /** The request a redirect asks for, if it is one to follow. */
    private static Optional<HttpRequest> redirect(HttpRequest request, HttpResponse response, String firstOrigin) {
        int status = response.status();
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            return Optional.empty();
        }
        Optional<String> location = response.header("location");
        if (location.isEmpty()) {
            return Optional.empty();
        }
        URI target;
        try {
            target = request.url().resolve(new URI(location.get().strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = target.getScheme();
        boolean downgrade = "https".equalsIgnoreCase(request.url().getScheme()) && "http".equalsIgnoreCase(scheme);
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || target.getHost() == null
                || downgrade) {
            return Optional.empty();
        }
        boolean toGet = status == 303
                || ((status == 301 || status == 302) && request.method().equals("POST"));
        String method = toGet ? (request.method().equals("HEAD") ? "HEAD" : "GET") : request.method();
        boolean keepBody = !toGet && request.body().isPresent();
        if (keepBody && !request.body().get().repeatable()) {
            return Optional.empty();
        }
        boolean sameOrigin = HttpRequest.origin(target).equals(firstOrigin);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : request.headers()) {
            String name = h.getKey();
            if (name.equalsIgnoreCase("authorization") && !sameOrigin) {
                continue;
            }
            if (!keepBody && name.equalsIgnoreCase("content-type")) {
                continue;
            }
            headers.add(h);
        }
        // the fragment of a Location, if any, is for the reader, not the server
        try {
            URI withoutFragment = URI.create(target.getScheme() + "://" + target.getRawAuthority() + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
            return Optional.of(request.redirected(method, withoutFragment, headers, keepBody));
        } catch (IllegalArgumentException e) {
            // a Location with user information or without a host: not followed
            return Optional.empty();
        }
    }

    /** Closes the connections kept open. */
    @Override
    public void close() {
        open.values().forEach(HttpConnection::close);
        open.clear();
    }
}
