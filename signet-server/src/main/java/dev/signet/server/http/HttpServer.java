package dev.signet.server.http;

import dev.signet.server.tls.TlsContext;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin/Jetty server in front of the {@link Dispatcher}: every method and path goes to it.
 * Stopping closes the listening socket first, waits (bounded) for in-flight requests, then stops
 * and writes the request log's last lines. A thread of its own writes the request log's waiting
 * lines every 200 ms ({@link RequestLog#flush}).
 */
public final class HttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Bodies the JSON services read whole are capped here; S3 bodies stream and are not. */
    public static final long MAX_BUFFERED_BODY = 16L * 1024 * 1024;
    /** How long a request may go without a byte moving, unless configured otherwise: Jetty's default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final List<HandlerType> METHODS = List.of(
            HandlerType.GET,
            HandlerType.HEAD,
            HandlerType.PUT,
            HandlerType.POST,
            HandlerType.DELETE,
            HandlerType.PATCH);

    private final Javalin app;
    private final Dispatcher dispatcher;
    private final String host;
    private final Optional<String> endpointHost;
    private final Optional<URI> publicUrl;
    private final String scheme;
    private final Thread requestLogFlusher;

    private HttpServer(
            Javalin app,
            Dispatcher dispatcher,
            String host,
            Optional<String> endpointHost,
            Optional<URI> publicUrl,
            String scheme) {
        this.app = app;
        this.dispatcher = dispatcher;
        this.host = host;
        this.endpointHost = endpointHost;
        this.publicUrl = publicUrl;
        this.scheme = scheme;
        // the request log's lines, written a batch at a time (RequestLines), reach stderr within this interval
        this.requestLogFlusher = new Thread(this::flushRequestLog, "request-log");
        requestLogFlusher.setDaemon(true);
        requestLogFlusher.start();
    }

    private void flushRequestLog() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(RequestLines.FLUSH_INTERVAL_MILLIS);
                dispatcher.requestLog().flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Binds {@code host:port} with the default idle timeout, announcing the bind address. */
    public static HttpServer start(String host, int port, Dispatcher dispatcher) {
        return start(host, Optional.empty(), port, DEFAULT_IDLE_TIMEOUT, dispatcher);
    }

    /**
     * Binds {@code host:port}. Requests are dispatched whatever their Host header names (the AWS
     * SDKs and CLI prefix it, e.g. {@code data-} or {@code verification.} for GetRevocationStatus);
     * {@code endpointHost}, when given, is the name {@link #endpoint()} announces. {@code
     * idleTimeout} bounds how long a request may go without a byte moving (a body dripped or cut
     * short fails its read after it, and is answered 400).
     */
    public static HttpServer start(
            String host, Optional<String> endpointHost, int port, Duration idleTimeout, Dispatcher dispatcher) {
        return start(host, endpointHost, port, idleTimeout, dispatcher, Optional.empty(), Optional.empty());
    }

    /**
     * Binds {@code host:port} as {@link #start(String, Optional, int, Duration, Dispatcher)} does,
     * speaking TLS with {@code tls}'s certificate when given (HTTP/1.1 over TLS only: no plain HTTP on
     * the same port, and with a client CA no request without a client certificate). {@code
     * publicUrl}, when given, is what {@link #endpoint()} announces.
     */
    public static HttpServer start(
            String host,
            Optional<String> endpointHost,
            int port,
            Duration idleTimeout,
            Dispatcher dispatcher,
            Optional<TlsContext> tls,
            Optional<URI> publicUrl) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = MAX_BUFFERED_BODY;
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.generateEtags = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // Jetty's graceful stop: stop accepting, wait for in-flight requests (up to the stop timeout).
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(DRAIN.toMillis());
                server.setHandler(new GracefulHandler());
                // Jetty's own refusals (bad request lines, ambiguous paths) in the API's error shape
                server.setErrorHandler(new ProtocolErrorHandler());
            });
            config.jetty.modifyHttpConfiguration(http -> {
                // S3 keys may hold '..', '//' and encoded separators; the dispatcher reads the raw URI.
                http.setUriCompliance(UriCompliance.UNSAFE);
                http.setSendServerVersion(false);
                // SigV4 signs header values byte for byte; the parser's cache must not change their case.
                http.setHeaderCacheCaseSensitive(true);
                http.setIdleTimeout(idleTimeout.toMillis());
            });
            tls.ifPresent(context -> config.jetty.addConnector((server, http) ->
                    httpsConnector(server, http, context.sslContextFactory(), host, port, idleTimeout)));
            for (HandlerType method : METHODS) {
                config.routes.addHttpHandler(method, "/", dispatcher);
                config.routes.addHttpHandler(method, "/*", dispatcher);
            }
            // one log line and the request metrics, once the response is sent
            config.requestLogger.http(dispatcher.requestLog());
            config.routes.exception(Exception.class, (e, ctx) -> HttpErrors.write(ctx, ErrorProtocol.JSON, e));
        });
        app.start(host, port);
        return new HttpServer(app, dispatcher, host, endpointHost, publicUrl, tls.isPresent() ? "https" : "http");
    }

    /**
     * The one connector of a TLS server (Javalin then adds no plain one). SNI is neither required nor
     * checked against the Host header: clients reach the server by address as often as by name.
     */
    private static ServerConnector httpsConnector(
            Server server,
            HttpConfiguration base,
            SslContextFactory.Server ssl,
            String host,
            int port,
            Duration idleTimeout) {
        HttpConfiguration https = new HttpConfiguration(base);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }

    public int port() {
        return app.port();
    }

    /**
     * The public URL when configured, else {@code SCHEME://HOST:PORT}: the endpoint host, else the bind
     * address (127.0.0.1 for a wildcard); https with TLS.
     */
    public URI endpoint() {
        return publicUrl.orElseGet(() -> url(endpointHost.orElse(boundHost())));
    }

    /** {@code SCHEME://HOST:PORT} of the bound address (127.0.0.1 for a wildcard). */
    public URI listening() {
        return url(boundHost());
    }

    private String boundHost() {
        return host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
    }

    private URI url(String shown) {
        return URI.create(scheme + "://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port());
    }

    /** Stops accepting connections, waits for in-flight requests (at most 30 s), then stops Jetty. */
    public void stop() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (dispatcher.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (dispatcher.inFlight() > 0) {
            LOG.warn("Stopping with {} requests still in flight", dispatcher.inFlight());
        }
        app.stop();
        // every request has finished, and with it its log line: write the last ones
        requestLogFlusher.interrupt();
        try {
            requestLogFlusher.join(RequestLines.FLUSH_INTERVAL_MILLIS * 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dispatcher.requestLog().flush();
    }
}
