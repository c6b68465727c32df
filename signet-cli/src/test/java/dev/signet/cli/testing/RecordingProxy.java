package dev.signet.cli.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on a free loopback port in front of a server, keeping every byte a client sent through
 * it: what the server received, exactly (a raw relay leaves requests as they are, so their SigV4
 * signatures, made for this relay's host and port, still verify). Responses are relayed, not kept.
 * Each connection is copied by two daemon threads; {@link #close} closes every socket, which ends
 * them.
 */
public final class RecordingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    public RecordingProxy(URI server) throws IOException {
        this.upstream = new InetSocketAddress(server.getHost(), server.getPort());
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "recording-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The relay's endpoint, for the client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Everything clients sent so far, all connections in the order their bytes arrived. */
    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(upstream, 5_000);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, true);
                pump(server, client, false);
            } catch (IOException e) {
                // closed, or a connection that failed: its client sees the failure
            }
        }
    }

    private void pump(Socket from, Socket to, boolean keep) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[1 << 16];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                            if (keep) {
                                synchronized (received) {
                                    received.write(buffer, 0, n);
                                }
                            }
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "recording-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closeQuietly(listener);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing
        }
    }
}
