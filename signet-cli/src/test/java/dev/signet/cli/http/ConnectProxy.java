package dev.signet.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A loopback HTTP proxy that serves {@code CONNECT host:port} only (to loopback targets), then copies
 * bytes both ways; records each CONNECT request's head. Bounded: 10 s per read, at most 16
 * connections.
 */
final class ConnectProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

    ConnectProxy() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        for (int i = 0; i < 16 && !socket.isClosed(); i++) {
            try {
                Socket client = socket.accept();
                Thread t = new Thread(() -> tunnel(client), "connect-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            String head = head(client.getInputStream());
            requests.add(head);
            String[] target = head.split(" ")[1].split(":");
            try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(target[1]))) {
                upstream.setSoTimeout(10_000);
                client.getOutputStream()
                        .write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Thread back = new Thread(() -> copy(upstream, client), "connect-proxy-back");
                back.setDaemon(true);
                back.start();
                copy(client, upstream);
                back.join(10_000);
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            // the test fails on its own assertion
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && head.size() < 8192) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
