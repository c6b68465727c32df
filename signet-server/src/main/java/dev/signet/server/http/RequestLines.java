package dev.signet.server.http;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The text request log's output: whole lines gathered in memory and written to standard error
 * ({@code System.err} as it is at the time of writing) in one write per batch, so a busy server makes
 * a few writes a second instead of one write and flush per request.
 *
 * <p>Lines are written, in the order they were added, when {@value #BATCH_CHARS} characters are
 * waiting, when {@link #flush} is called ({@link HttpServer} does every {@link #FLUSH_INTERVAL_MILLIS}
 * ms, and once more after its last request finished) and, with {@link #EACH_LINE} set to {@code
 * line}, after every line. A line is never split: each write holds whole lines only and goes
 * through the stream's own lock, as every other log line on standard error does. Thread-safe.
 */
final class RequestLines {
    /** The system property that, set to {@code line}, writes and flushes every line as it comes. */
    static final String EACH_LINE = "signet.requestLog.flush";
    /** Characters gathered before the adding thread writes them itself. */
    static final int BATCH_CHARS = 16 * 1024;
    /** How often the server writes what is waiting. */
    static final long FLUSH_INTERVAL_MILLIS = 200;

    // the CLI's simplelogger.properties: yyyy-MM-dd'T'HH:mm:ss.SSSXXX in the JVM's zone
    private static final DateTimeFormatter SECOND =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.").withZone(ZoneId.systemDefault());
    private static final DateTimeFormatter OFFSET =
            DateTimeFormatter.ofPattern("XXX").withZone(ZoneId.systemDefault());

    private final boolean eachLine = "line".equals(System.getProperty(EACH_LINE));
    private final StringBuilder waiting = new StringBuilder(BATCH_CHARS + 1024);
    private long second = Long.MIN_VALUE;
    private String secondText = "";
    private String offsetText = "";

    /**
     * Appends the start of a line for {@code epochMillis} to {@code line}: the time as the text log
     * prints it, the level and the logger, e.g. {@code 2026-12-07T06:41:06.236Z INFO RequestLog - }.
     */
    void startLine(StringBuilder line, long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000);
        String prefix;
        String offset;
        synchronized (this) {
            if (s != second) {
                Instant at = Instant.ofEpochSecond(s);
                secondText = SECOND.format(at);
                offsetText = OFFSET.format(at);
                second = s;
            }
            prefix = secondText;
            offset = offsetText;
        }
        int millis = (int) Math.floorMod(epochMillis, 1000);
        line.append(prefix)
                .append((char) ('0' + millis / 100))
                .append((char) ('0' + millis / 10 % 10))
                .append((char) ('0' + millis % 10))
                .append(offset)
                .append(" INFO RequestLog - ");
    }

    /** Adds one complete line (without its line end). */
    void add(CharSequence line) {
        synchronized (waiting) {
            waiting.append(line).append('\n');
            if (eachLine || waiting.length() >= BATCH_CHARS) {
                writeWaiting();
            }
        }
    }

    /** Writes every line added so far. */
    void flush() {
        synchronized (waiting) {
            if (waiting.length() > 0) {
                writeWaiting();
            }
        }
    }

    private void writeWaiting() {
        byte[] bytes = waiting.toString().getBytes(StandardCharsets.UTF_8);
        waiting.setLength(0);
        PrintStream err = System.err;
        err.write(bytes, 0, bytes.length);
        err.flush();
    }
}
