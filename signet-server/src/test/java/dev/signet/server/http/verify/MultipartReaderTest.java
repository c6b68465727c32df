package dev.signet.server.http.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultipartReaderTest {
    private static final String B = "XyZ-boundary_123";

    @Test
    void readsPartsWithBinaryContentAcrossWindowBoundaries() throws IOException {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        // content that almost looks like a delimiter must come through unchanged
        byte[] tricky = ("a\r\n--" + B.substring(0, 5) + "b\r\n-\r\n--").getBytes(StandardCharsets.US_ASCII);
        byte[] body = concat(
                "preamble\r\n--" + B + "\r\n" + "Content-Disposition: form-data; name=\"request\"\r\n"
                        + "Content-Type: application/json\r\n\r\n{\"a\":1}\r\n--" + B + "  \r\n"
                        + "Content-Disposition: form-data; name=\"artifact\"; filename=\"x.bin\"\r\n\r\n",
                big,
                "\r\n--" + B + "\r\nContent-Disposition: form-data; name=\"signature\"\r\n\r\n",
                tricky,
                "\r\n--" + B + "--\r\nepilogue");
        Map<String, byte[]> parts = readAll(new TrickleStream(body), B);
        assertThat(parts.keySet()).containsExactly("request", "artifact", "signature");
        assertThat(new String(parts.get("request"), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(parts.get("artifact")).isEqualTo(big);
        assertThat(parts.get("signature")).isEqualTo(tricky);
    }

    @Test
    void anEmptyPartIsEmpty() throws IOException {
        byte[] body = ("--" + B + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n\r\n--" + B + "--")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(readAll(new ByteArrayInputStream(body), B).get("request")).isEmpty();
    }

    @Test
    void readsTheWholeStreamAfterTheClosingDelimiter() throws IOException {
        byte[] body = ("--" + B + "\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--" + B + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        readAll(in, B);
        assertThat(in.available()).isZero();
    }

    @Test
    void aPartOverItsLimitIsRefused() throws IOException {
        byte[] body = ("--" + B + "\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\n0123456789\r\n--" + B + "--")
                .getBytes(StandardCharsets.US_ASCII);
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), B);
        reader.next();
        assertThatThrownBy(() -> reader.copyContent(new ByteArrayOutputStream(), 9))
                .isInstanceOf(MultipartException.class)
                .hasMessageContaining("limit of 9 bytes");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "", // empty body
                "no boundary at all",
                "--OTHER\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--OTHER--",
                "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx", // ends inside a part
                "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n", // ends inside headers
                "--B\r\n\r\nx\r\n--B--", // no Content-Disposition
                "--B\r\nContent-Disposition: attachment; name=\"r\"\r\n\r\nx\r\n--B--",
                "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--", // no name
                "--B\r\nContent-Disposition: form-data; name=\"r\"\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nx\r\n--B--",
                "--B\r\nno colon here\r\n\r\nx\r\n--B--",
                "--Bgarbage\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--B--",
                "--B",
            })
    void malformedBodiesAreRefused(String body) {
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), "B"))
                .isInstanceOf(MultipartException.class);
    }

    @Test
    void overlongHeadersPreambleAndEpilogueAreRefused() {
        String longLine = "X-Pad: " + "a".repeat(9000);
        String manyHeaders = "X-A: 1\r\n".repeat(17);
        for (String body : new String[] {
            "--B\r\n" + longLine + "\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n" + manyHeaders + "\r\nx\r\n--B--",
            "p".repeat(70_000) + "\r\n--B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--B--",
            "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--B--" + "e".repeat(70_000),
        }) {
            assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), "B"))
                    .isInstanceOf(MultipartException.class);
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "multipart/form-data; boundary=abc|abc",
                "Multipart/Form-Data;boundary=\"a b:c\"|a b:c",
                "multipart/form-data; charset=utf-8; boundary=----WebKitFormBoundary7MA4YWxk|----WebKitFormBoundary7MA4YWxk",
            })
    void boundariesAreReadFromTheContentType(String contentType, String boundary) throws MultipartException {
        assertThat(MultipartReader.boundary(contentType)).isEqualTo(boundary);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "multipart/form-data",
                "multipart/form-data; boundary=",
                "multipart/form-data; boundary=\"\"",
                "multipart/form-data; boundary=a\u00e9b",
                "multipart/mixed; boundary=abc",
            })
    void badContentTypesAreRefused(String contentType) {
        assertThatThrownBy(() -> MultipartReader.boundary(contentType)).isInstanceOf(MultipartException.class);
    }

    @Test
    void aBoundaryOver70CharactersIsRefused() {
        assertThatThrownBy(() -> MultipartReader.boundary("multipart/form-data; boundary=" + "a".repeat(71)))
                .isInstanceOf(MultipartException.class);
    }

    private static Map<String, byte[]> readAll(InputStream in, String boundary) throws IOException {
        MultipartReader reader = new MultipartReader(in, boundary);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (Optional<MultipartReader.Part> part = reader.next(); part.isPresent(); part = reader.next()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copyContent(out, Long.MAX_VALUE);
            parts.put(part.get().name(), out.toByteArray());
        }
        return parts;
    }

    private static byte[] concat(Object... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : pieces) {
            out.writeBytes(p instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) p);
        }
        return out.toByteArray();
    }

    /** Hands out at most 7 bytes per read, so delimiters straddle reads. */
    private static final class TrickleStream extends ByteArrayInputStream {
        TrickleStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 7));
        }
    }
}
