package dev.signet.cli.http;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection to one origin over a plain socket ({@code http}) or TLS with the
 * JDK's default trust store and host-name check ({@code https}): writes a request (whole, or a head and
 * a streamed body), reads one response ({@link HttpResponseReader}: Content-Length, chunked and
 * read-to-close bodies, bounded), and stays open for the next request unless the server asked to
 * close. Any failure closes it; a connection is never used again after a failed exchange. Not
 * thread-safe: one request at a time.
 *
 * <p>Proxies are those the JVM's {@link ProxySelector} names for the URL (the {@code
 * http(s).proxyHost}, {@code http.nonProxyHosts} and {@code socksProxyHost} system properties, as
 * the JDK's own HTTP clients use them): an HTTP proxy is passed through with {@code CONNECT}, a SOCKS
 * proxy by the socket itself.
 *
 * <p>{@link StaleConnectionException} tells the caller that a connection which had already served a
 * response failed before a byte of the next response arrived (typically the server closed it while
 * idle), so the request may be sent once more on a fresh connection. A read timeout is never
 * reported as stale. A server that answers before it has read a streamed body (a refusal) and closes
 * the connection has its answer read and returned rather than the failed write reported.
 *
 * <p>Used by the CLI's clients of Signet, of OCI registries and of the CA root, and by the load
 * driver of signet-bench.
 */
public final class HttpConnection implements AutoCloseable {
    private static final int STREAM_BUFFER = 64 * 1024;
    /** How long a server that stopped reading a request may take to finish its answer. */
    private static final int EARLY_ANSWER_WAIT_MS = 5_000;

    private final URI endpoint;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int maxBody;
    private final Supplier<SSLSocketFactory> tls;
    private final ProxySelector proxies;
    private Socket socket;
    private HttpResponseReader reader;
    private OutputStream out;
    private int served;

    /** Thrown when a reused connection failed before any byte of the response arrived. */
    public static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super("the connection was closed", cause);
        }
    }

    /**
     * @param endpoint {@code http} or {@code https} URL of the server (only scheme, host and port are used)
     * @param tls the factory for {@code https} connections, asked for one only when connecting to one
     * @param maxBody the largest response body accepted
     */
    public HttpConnection(
            URI endpoint,
            int connectTimeoutMillis,
            int readTimeoutMillis,
            int maxBody,
            Supplier<SSLSocketFactory> tls) {
        this(endpoint, connectTimeoutMillis, readTimeoutMillis, maxBody, tls, ProxySelector.getDefault());
    }

    /** As above, with the proxies {@code proxies} names (null: none). */
    HttpConnection(
            URI endpoint,
            int connectTimeoutMillis,
            int readTimeoutMillis,
            int maxBody,
            Supplier<SSLSocketFactory> tls,
            ProxySelector proxies) {
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("an http or https URL is expected: " + endpoint);
        }
        if (connectTimeoutMillis <= 0 || readTimeoutMillis <= 0 || maxBody <= 0) {
            throw new IllegalArgumentException("timeouts and the body limit must be positive");
        }
        this.endpoint = endpoint;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.maxBody = maxBody;
        this.tls = Objects.requireNonNull(tls, "tls");
        this.proxies = proxies;
    }

    /** Whether the connection is open (it has served a response and the server kept it). */
    public boolean isOpen() {
        return socket != null;
    }

    /**
     * Sends {@code request} (the complete request: head and body) and reads the response.
     *
     * @throws StaleConnectionException when a reused connection failed before the response started
     * @throws MalformedResponseException when the response is not acceptable HTTP/1.1 or too large
     * @throws IOException when the server cannot be reached or the connection fails
     */
    public HttpResponse exchange(byte[] request) throws IOException {
        return exchange(request, null, false);
    }

    /** Sends {@code request} (to this connection's origin) and reads the response, as {@link #exchange(byte[])}. */
    public HttpResponse exchange(HttpRequest request) throws IOException {
        if (!HttpRequest.origin(request.url()).equals(HttpRequest.origin(endpoint))) {
            throw new IllegalArgumentException("a request for " + request.url() + " on a connection to " + endpoint);
        }
        return exchange(request.head(), request.body().orElse(null), request.bodylessResponse());
    }

    private HttpResponse exchange(byte[] head, HttpRequest.Body body, boolean bodyless) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        try {
            try {
                if (body == null) {
                    out.write(head);
                    out.flush();
                } else {
                    HttpResponse early = writeStreamed(head, body, bodyless);
                    if (early != null) {
                        close();
                        return early;
                    }
                }
                reader.awaitFirstByte();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (BodySourceException e) {
                throw (IOException) e.getCause();
            } catch (IOException e) {
                throw reused ? new StaleConnectionException(e) : e;
            }
            HttpResponse response = reader.read(bodyless);
            served++;
            if (!reader.keepAlive()) {
                close();
            }
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Writes a head and a streamed body. Returns null when all was written; when writing to the
     * socket failed because the server answered early and stopped reading, that answer. A failure of
     * the body's own source is thrown as it is.
     */
    private HttpResponse writeStreamed(byte[] head, HttpRequest.Body body, boolean bodyless) throws IOException {
        OutputStream buffered = new BufferedOutputStream(new SocketWrites(out), STREAM_BUFFER);
        try {
            buffered.write(head);
            body.writeTo(buffered);
            buffered.flush();
            return null;
        } catch (SocketWriteException e) {
            HttpResponse answer = earlyAnswer(bodyless);
            if (answer == null) {
                throw (IOException) e.getCause();
            }
            return answer;
        } catch (IOException e) {
            throw new BodySourceException(e);
        }
    }

    /** The response a server sent before it stopped reading the request, if one can be read whole soon. */
    private HttpResponse earlyAnswer(boolean bodyless) {
        try {
            socket.setSoTimeout(EARLY_ANSWER_WAIT_MS);
            return reader.read(bodyless);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Marks a failure of the body's source (a file that changed while sent), never a stale connection. */
    private static final class BodySourceException extends IOException {
        BodySourceException(IOException cause) {
            super(cause);
        }
    }

    /** Marks a failure of the socket itself, as opposed to one of the body's source. */
    private static final class SocketWriteException extends IOException {
        SocketWriteException(IOException cause) {
            super(cause);
        }
    }

    private static final class SocketWrites extends FilterOutputStream {
        SocketWrites(OutputStream socket) {
            super(socket);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new SocketWriteException(e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new SocketWriteException(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new SocketWriteException(e);
            }
        }
    }

    /** How many responses this connection has read (for tests). */
    int served() {
        return served;
    }

    private void connect() throws IOException {
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : https ? 443 : 80;
        Proxy proxy = proxy();
        Socket s = proxy.type() == Proxy.Type.DIRECT ? new Socket() : new Socket(proxy);
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(readTimeoutMillis);
            InetSocketAddress address = proxy.type() == Proxy.Type.DIRECT
                    ? new InetSocketAddress(endpoint.getHost(), port)
                    : InetSocketAddress.createUnresolved(endpoint.getHost(), port);
            s.connect(address, connectTimeoutMillis);
            if (https) {
                SSLSocket t = (SSLSocket) tls.get().createSocket(s, endpoint.getHost(), port, true);
                SSLParameters parameters = t.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                t.setSSLParameters(parameters);
                t.startHandshake();
                s = t;
            }
            socket = s;
            reader = new HttpResponseReader(s.getInputStream(), maxBody);
            out = s.getOutputStream();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The first proxy the selector names for this origin, or none. */
    private Proxy proxy() {
        if (proxies == null) {
            return Proxy.NO_PROXY;
        }
        List<Proxy> chosen = proxies.select(endpoint);
        return chosen == null || chosen.isEmpty() ? Proxy.NO_PROXY : chosen.get(0);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection that already failed
            }
        }
        socket = null;
        reader = null;
        out = null;
    }
}
