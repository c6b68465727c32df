package dev.signet.cli.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection to one server over a plain socket ({@code http}) or TLS with the
 * JDK's default trust store and host-name check ({@code https}): writes a whole request, reads one
 * response ({@link HttpResponseReader}: Content-Length or chunked bodies, bounded), and stays open for
 * the next request unless the server asked to close. Any failure closes it; a connection is never
 * used again after a failed exchange. Not thread-safe: one request at a time.
 *
 * <p>{@link StaleConnectionException} tells the caller that a connection which had already served a
 * response failed before a byte of the next response arrived (typically the server closed it while
 * idle), so the request may be sent once more on a fresh connection. A read timeout is never
 * reported as stale.
 *
 * <p>Used by {@link PayloadSigningClient} and by the load driver of signet-bench.
 */
public final class HttpConnection implements AutoCloseable {
    private final URI endpoint;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int maxBody;
    private final Supplier<SSLSocketFactory> tls;
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
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        try {
            try {
                out.write(request);
                out.flush();
                reader.awaitFirstByte();
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                throw reused ? new StaleConnectionException(e) : e;
            }
            HttpResponse response = reader.read();
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

    /** How many responses this connection has read (for tests). */
    int served() {
        return served;
    }

    private void connect() throws IOException {
        boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : https ? 443 : 80;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(readTimeoutMillis);
            s.connect(new InetSocketAddress(endpoint.getHost(), port), connectTimeoutMillis);
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
