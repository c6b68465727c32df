package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestLinesTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(originalErr);
    }

    private String written() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void linesWaitForAFlushThenComeOutWholeAndInOrder() {
        RequestLines lines = new RequestLines();
        lines.add("requestId=a status=200 request");
        lines.add("requestId=b status=403 request");
        assertThat(written()).isEmpty();

        lines.flush();
        assertThat(written()).isEqualTo("requestId=a status=200 request\nrequestId=b status=403 request\n");
        lines.flush();
        assertThat(written()).hasLineCount(2);
    }

    @Test
    void aFullBatchIsWrittenByTheThreadThatFilledIt() {
        RequestLines lines = new RequestLines();
        String line = "x".repeat(999);
        int perBatch = RequestLines.BATCH_CHARS / (line.length() + 1) + 1;
        for (int i = 0; i < perBatch; i++) {
            lines.add(line);
        }
        assertThat(written().lines()).hasSize(perBatch).allMatch(line::equals);
        lines.add("last");
        assertThat(written()).doesNotContain("last");
        lines.flush();
        assertThat(written()).endsWith("\nlast\n");
    }

    @Test
    void aLineStartsAsTheTextLogsLinesDo() {
        RequestLines lines = new RequestLines();
        long at = Instant.parse("2026-12-07T06:41:06.036Z").toEpochMilli();
        StringBuilder line = new StringBuilder();
        lines.startLine(line, at);
        String expected = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
                        .withZone(ZoneId.systemDefault())
                        .format(Instant.ofEpochMilli(at))
                + " INFO RequestLog - ";
        assertThat(line).hasToString(expected);

        StringBuilder next = new StringBuilder();
        lines.startLine(next, at + 1_001);
        assertThat(next.toString()).contains(":07.037");
    }
}
