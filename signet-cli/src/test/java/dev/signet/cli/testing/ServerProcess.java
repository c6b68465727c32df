package dev.signet.cli.testing;

import dev.signet.core.testing.Processes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code signet server} run as a real process (through {@code bin/signet} or {@code java -jar
 * signet.jar}): its standard output is read on a thread as it comes, so waiting for the listening
 * line is bounded; {@link #close} stops it with SIGTERM (by its handle), waits a bounded time, then
 * kills it and its descendants.
 */
public final class ServerProcess implements AutoCloseable {
    /** The line the server prints once it listens; group 1 is the URL. */
    public static final Pattern LISTENING =
            Pattern.compile("^Signet listening on (https?://[^\\s,]+)(?:, endpoint (https?://\\S+))?$");

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration STOP = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> lines;
    private final URI endpoint;

    private ServerProcess(Process process, List<String> lines, URI endpoint) {
        this.process = process;
        this.lines = lines;
        this.endpoint = endpoint;
    }

    /** Starts {@code builder} (stderr discarded: the log) and waits for the listening line. */
    public static ServerProcess start(ProcessBuilder builder) throws IOException, InterruptedException {
        return start(builder, ProcessBuilder.Redirect.DISCARD);
    }

    /** As {@link #start(ProcessBuilder)}, the log (stderr) appended to {@code log}. */
    public static ServerProcess start(ProcessBuilder builder, java.nio.file.Path log)
            throws IOException, InterruptedException {
        return start(builder, ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private static ServerProcess start(ProcessBuilder builder, ProcessBuilder.Redirect stderr)
            throws IOException, InterruptedException {
        Process process = builder.redirectError(stderr)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> read(process, lines), "server-stdout");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (String line : lines) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return new ServerProcess(process, lines, URI.create(m.group(2) != null ? m.group(2) : m.group(1)));
                }
            }
            Thread.sleep(50);
        }
        Processes.killTree(process);
        throw new AssertionError("the server printed no listening line within " + START + "; stdout: " + lines);
    }

    /** The URL the server announced. */
    public URI endpoint() {
        return endpoint;
    }

    /** Everything it printed on standard output so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The server's process id, e.g. to signal it. */
    public long pid() {
        return process.pid();
    }

    /** The process, e.g. to wait for its exit. */
    public Process process() {
        return process;
    }

    /**
     * Sends SIGTERM and waits for the exit; returns the exit code (0 once the server stopped
     * gracefully).
     */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS)) {
            kill();
            throw new AssertionError("the server did not stop within " + STOP + " of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private void kill() {
        Processes.killTree(process);
    }

    private static void read(Process p, List<String> lines) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(stdout closed: " + e.getMessage() + ")");
        }
    }
}
