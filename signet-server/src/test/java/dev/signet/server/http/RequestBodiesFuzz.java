package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.http.auth.FuzzSigning;
import dev.signet.server.http.auth.PayloadRejectedException;
import dev.signet.server.testing.RequestHead;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An authenticated request's body as {@link RequestBodies#open} decodes and checks it: the input is
 * a request head ({@link RequestHead}), an empty line, and the body. The head's {@code
 * x-amz-content-sha256} is taken as the signed payload hash (UNSIGNED-PAYLOAD without one) of a
 * request verified with {@link FuzzSigning}, so aws-chunked bodies (signed chunks and trailers, or
 * unsigned with a trailer), {@code x-amz-trailer} with every checksum algorithm, {@code
 * x-amz-checksum-*} headers, Content-MD5 and {@code x-amz-decoded-content-length} are all reached;
 * a test here keeps the good seeds good. Declares {@link PayloadRejectedException}.
 */
class RequestBodiesFuzz {
    private static final byte[] CONTENT = "hello, chunked worldand a second chunk".getBytes(StandardCharsets.US_ASCII);

    @BoundedFuzzTest
    void body(byte[] input) {
        Optional<Context> request = request(input);
        if (request.isEmpty()) {
            return;
        }
        FuzzBounds.parse(() -> {
            try {
                read(request.get());
            } catch (PayloadRejectedException declared) {
                // refused, as documented
            } catch (IOException e) {
                throw new UncheckedIOException("an undeclared I/O failure over an in-memory body", e);
            }
        });
    }

    /**
     * The corpus starts from bodies that pass every check, so fuzzing explores past them. Tagged
     * {@code fuzz}, as the targets are: only the {@code fuzz} execution takes a {@code *Fuzz} class.
     */
    @Tag("fuzz")
    @ParameterizedTest
    @ValueSource(
            strings = {
                "valid-signed",
                "valid-signed-trailer-crc32",
                "valid-unsigned-trailer-crc32",
                "valid-unsigned-trailer-crc32c",
                "valid-unsigned-trailer-crc64nvme",
                "valid-unsigned-trailer-sha1",
                "valid-unsigned-trailer-sha256",
                "valid-payload-hash-and-headers",
                "valid-unsigned-payload-crc64nvme"
            })
    void theGoodSeedsDecode(String seed) throws IOException {
        byte[] input;
        try (InputStream in = getClass().getResourceAsStream("RequestBodiesFuzzInputs/body/" + seed)) {
            input = in.readAllBytes();
        }

        assertThat(read(request(input).orElseThrow())).isEqualTo(CONTENT);
    }

    /** The head up to the first empty line, then the body; empty when Jetty would refuse the head. */
    private static Optional<Context> request(byte[] input) {
        int split = indexOfEmptyLine(input);
        byte[] head = split < 0 ? input : Arrays.copyOfRange(input, 0, split);
        byte[] body = split < 0 ? new byte[0] : Arrays.copyOfRange(input, split + 2, input.length);
        return RequestHead.parse(head).map(h -> {
            Context ctx = h.context(body);
            ctx.attribute(
                    RequestBodies.SIGNING,
                    FuzzSigning.context(h.header("x-amz-content-sha256").orElse("UNSIGNED-PAYLOAD")));
            return ctx;
        });
    }

    private static byte[] read(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = RequestBodies.open(ctx)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                // keep at most what a seed holds: a long fuzzed body must not count as the parser's allocation
                if (out.size() < 4096) {
                    out.write(buffer, 0, Math.min(n, 4096));
                }
            }
        }
        return out.toByteArray();
    }

    private static int indexOfEmptyLine(byte[] input) {
        for (int i = 0; i + 1 < input.length; i++) {
            if (input[i] == '\n' && input[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
