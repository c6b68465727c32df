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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    static Stream<Arguments> malformedBodiesAreRefusedCases() {
        return Stream.of(
                Arguments.of("", "the body has no multipart boundary line"), // empty body
                Arguments.of("no boundary at all", "the body has no multipart boundary line"),
                Arguments.of(
                        "--OTHER\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--OTHER--",
                        "the body has no multipart boundary line"),
                Arguments.of(
                        "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx",
                        "the body ends inside a part, before the closing boundary"), // ends inside a part
                Arguments.of(
                        "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n",
                        "the body ends inside a part's headers"), // ends inside headers
                Arguments.of(
                        "--B\r\n\r\nx\r\n--B--",
                        "a multipart part has no Content-Disposition: form-data header"), // no Content-Disposition
                Arguments.of(
                        "--B\r\nContent-Disposition: attachment; name=\"r\"\r\n\r\nx\r\n--B--",
                        "a part's Content-Disposition must be form-data"),
                Arguments.of(
                        "--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--",
                        "a part's Content-Disposition has no name=\"...\""), // no name
                Arguments.of(
                        "--B\r\nContent-Disposition: form-data; name=\"r\"\r\nContent-Disposition: form-data; name=\"s\"\r\n\r\nx\r\n--B--",
                        "a multipart part has two Content-Disposition headers"),
                Arguments.of("--B\r\nno colon here\r\n\r\nx\r\n--B--", "a multipart part header is not 'Name: value'"),
                Arguments.of(
                        "--Bgarbage\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--B--",
                        "unexpected text after a multipart boundary"),
                Arguments.of("--B", "the body ends inside a multipart boundary"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodiesAreRefusedCases")
    void malformedBodiesAreRefused(String body, String reason) {
        assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), "B"))
                .isInstanceOf(MultipartException.class)
                .hasMessage(reason);
    }

    @Test
    void overlongHeadersPreambleAndEpilogueAreRefused() {
        String longLine = "X-Pad: " + "a".repeat(9000);
        String manyHeaders = "X-A: 1\r\n".repeat(17);
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("--B\r\n" + longLine + "\r\n\r\nx\r\n--B--", "a multipart header line is longer than 8192 bytes");
        reasons.put(
                "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n" + manyHeaders + "\r\nx\r\n--B--",
                "a multipart part has more than 16 header lines");
        reasons.put(
                "p".repeat(70_000) + "\r\n--B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--B--",
                "the multipart preamble is longer than 65536 bytes");
        reasons.put(
                "--B\r\nContent-Disposition: form-data; name=\"r\"\r\n\r\nx\r\n--B--" + "e".repeat(70_000),
                "the multipart epilogue is longer than 65536 bytes");
        reasons.forEach((body, reason) -> assertThatThrownBy(
                        () -> readAll(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)), "B"))
                .isInstanceOf(MultipartException.class)
                .hasMessage(reason));
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

    static Stream<Arguments> badContentTypesAreRefusedCases() {
        return Stream.of(
                Arguments.of("application/json", "the Content-Type must be multipart/form-data"),
                Arguments.of(
                        "multipart/form-data", "the multipart/form-data Content-Type has no valid boundary parameter"),
                Arguments.of(
                        "multipart/form-data; boundary=",
                        "the multipart/form-data Content-Type has no valid boundary parameter"),
                Arguments.of(
                        "multipart/form-data; boundary=\"\"",
                        "the multipart/form-data Content-Type has no valid boundary parameter"),
                Arguments.of(
                        "multipart/form-data; boundary=a\u00e9b",
                        "the multipart/form-data Content-Type has no valid boundary parameter"),
                Arguments.of("multipart/mixed; boundary=abc", "the Content-Type must be multipart/form-data"));
    }

    @ParameterizedTest
    @MethodSource("badContentTypesAreRefusedCases")
    void badContentTypesAreRefused(String contentType, String reason) {
        assertThatThrownBy(() -> MultipartReader.boundary(contentType))
                .isInstanceOf(MultipartException.class)
                .hasMessage(reason);
    }

    @Test
    void aBoundaryOver70CharactersIsRefused() {
        assertThatThrownBy(() -> MultipartReader.boundary("multipart/form-data; boundary=" + "a".repeat(71)))
                .isInstanceOf(MultipartException.class)
                .hasMessage("the multipart/form-data Content-Type has no valid boundary parameter");
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
