package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultipartBodyTest {
    @TempDir
    Path dir;

    @Test
    void framesEveryPartWithTheBoundaryAndKnowsItsLength() throws Exception {
        byte[] content = new byte[200_000];
        new Random(3).nextBytes(content);
        Path file = Files.write(dir.resolve("app.zip"), content);
        MultipartBody body = new MultipartBody()
                .part("request", Optional.empty(), "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8))
                .file("artifact", file, "application/octet-stream")
                .part("signature", Optional.of("signature"), "application/octet-stream", new byte[] {1, 2, 3});
        String boundary = body.contentType().substring("multipart/form-data; boundary=".length());
        byte[] sent = readAll(body);

        assertThat((long) sent.length).isEqualTo(body.length());
        assertThat(readAll(body)).as("opened again, the same bytes").isEqualTo(sent);
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"request\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"a\":1}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"artifact\"; filename=\"app.zip\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        assertThat(new String(sent, 0, head.length(), StandardCharsets.ISO_8859_1))
                .isEqualTo(head);
        byte[] carried = java.util.Arrays.copyOfRange(sent, head.length(), head.length() + content.length);
        assertThat(carried).isEqualTo(content);
        String tail = new String(
                sent,
                head.length() + content.length,
                sent.length - head.length() - content.length,
                StandardCharsets.ISO_8859_1);
        assertThat(tail)
                .isEqualTo("\r\n--" + boundary + "\r\n"
                        + "Content-Disposition: form-data; name=\"signature\"; filename=\"signature\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n"
                        + "\u0001\u0002\u0003\r\n"
                        + "--" + boundary + "--\r\n");
    }

    @Test
    void boundariesDifferPerBody() {
        assertThat(new MultipartBody().contentType()).isNotEqualTo(new MultipartBody().contentType());
    }

    static Stream<Arguments> filenames() {
        return Stream.of(
                Arguments.of("app.zip", "app.zip"),
                Arguments.of("a\"b.zip", "a_b.zip"),
                Arguments.of("caf\u00e9.bin", "caf_.bin"),
                Arguments.of("x\\y", "x_y"),
                Arguments.of("line\r\nbreak", "line__break"));
    }

    @ParameterizedTest
    @MethodSource("filenames")
    void filenamesCannotBreakTheHeader(String name, String expected) {
        assertThat(MultipartBody.filenameOf(Path.of("/tmp").resolve(name))).isEqualTo(expected);
    }

    @Test
    void refusesAMissingFileAndABadPartName() {
        MultipartBody body = new MultipartBody();
        assertThatThrownBy(() -> body.file("artifact", dir.resolve("missing"), "application/octet-stream"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("cannot read");
        assertThatThrownBy(() -> body.part("bad name\r\n", Optional.empty(), "text/plain", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad part name");
    }

    @Test
    void aFileThatChangedSizeFailsTheRead() throws Exception {
        Path file = Files.write(dir.resolve("app.bin"), new byte[1000]);
        MultipartBody body = new MultipartBody().file("artifact", file, "application/octet-stream");
        Files.write(file, new byte[999]);
        assertThatThrownBy(() -> readAll(body)).isInstanceOf(IOException.class).hasMessageContaining("changed size");
        Files.write(file, new byte[1001]);
        assertThatThrownBy(() -> readAll(body)).isInstanceOf(IOException.class).hasMessageContaining("changed size");
    }

    private static byte[] readAll(MultipartBody body) throws IOException {
        try (InputStream in = body.open()) {
            return in.readAllBytes();
        }
    }
}
