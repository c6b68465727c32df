package dev.signet.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers each HTTP request with the next canned byte string, exactly as
 * given (so tests can send malformed HTTP), optionally closing the connection after it. Counts the
 * connections it accepted. Bounded: waits at most 10 s for a request or a canned answer.
 */
public final class StubHttpServer implements AutoCloseable {
    /** One canned answer: raw bytes, then close the connection or keep it. */
    public record Answer(byte[] bytes, boolean close) {
        public static Answer of(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        public static Answer closing(String raw) {
            return new Answer(raw.getBytes(StandardCharsets.ISO_8859_1), true);
        }
    }

    private final ServerSocket socket;
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final java.util.Queue<String> requests = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Thread acceptor;

    public StubHttpServer() throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "stub-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    public void answer(Answer... next) {
        answers.addAll(java.util.List.of(next));
    }

    public int accepted() {
        return accepted.get();
    }

    /** Every request read so far, head and body, in arrival order (ISO-8859-1 text). */
    public java.util.List<String> requests() {
        return java.util.List.copyOf(requests);
    }

    private void acceptLoop() {
        for (int i = 0; i < 1000 && !socket.isClosed(); i++) {
            try {
                Socket s = socket.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "stub-http-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < 1000; i++) {
                if (!readRequest(in, requests)) {
                    return;
                }
                Answer a = answers.poll(10, TimeUnit.SECONDS);
                if (a == null) {
                    return;
                }
                out.write(a.bytes());
                out.flush();
                if (a.close()) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away or the test ended
        }
    }

    /** Reads one request (head and Content-Length body) into {@code into}; false at the end of the stream. */
    private static boolean readRequest(InputStream in, java.util.Queue<String> into) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c;
            try {
                c = in.read();
            } catch (SocketTimeoutException e) {
                return false;
            }
            if (c < 0 || head.size() > 65536) {
                return false;
            }
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            return false;
        }
        into.add(head.toString(StandardCharsets.ISO_8859_1) + new String(body, StandardCharsets.ISO_8859_1));
        return true;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
