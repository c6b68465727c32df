package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AwsChunkedInputStream}: the fuzz input is the request body, read to its end. Unsigned
 * chunks with an {@code x-amz-checksum-crc32} trailer (the AWS CLI's uploads), and signed chunks
 * chained to a fixed seed signature under a fixed signing key (the SDKs' {@code
 * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}); a test here keeps the good seeds good. Declares {@link
 * PayloadRejectedException}.
 */
class AwsChunkedInputStreamFuzz {
    @BoundedFuzzTest
    void unsignedWithTrailer(byte[] body) {
        readAll(body, Optional.empty(), Optional.of("x-amz-checksum-crc32"));
    }

    @BoundedFuzzTest
    void signed(byte[] body) {
        readAll(body, Optional.of(signing()), Optional.empty());
    }

    /**
     * The corpus starts from bodies that pass every check, so fuzzing explores past them. Tagged
     * {@code fuzz}, as the targets are: only the {@code fuzz} execution takes a {@code *Fuzz} class.
     */
    @Tag("fuzz")
    @ParameterizedTest
    @ValueSource(strings = {"unsignedWithTrailer/valid", "signed/valid"})
    void theGoodSeedsDecode(String seed) throws IOException {
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("AwsChunkedInputStreamFuzzInputs/" + seed)) {
            body = in.readAllBytes();
        }
        boolean signed = seed.startsWith("signed/");
        try (InputStream in = new AwsChunkedInputStream(
                new ByteArrayInputStream(body),
                signed ? Optional.of(signing()) : Optional.empty(),
                signed ? Optional.empty() : Optional.of("x-amz-checksum-crc32"),
                Optional.empty())) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("hello, chunked worldand a second chunk");
        }
    }

    private static SigningContext signing() {
        return FuzzSigning.context("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    }

    private static void readAll(byte[] body, Optional<SigningContext> signing, Optional<String> trailer) {
        FuzzBounds.parse(() -> {
            try (InputStream in =
                    new AwsChunkedInputStream(new ByteArrayInputStream(body), signing, trailer, Optional.empty())) {
                byte[] buffer = new byte[8192];
                while (in.read(buffer, 0, buffer.length) >= 0) {
                    // drain: the checks run as the body is read
                }
            } catch (PayloadRejectedException declared) {
                // refused, as documented
            } catch (IOException e) {
                throw new UncheckedIOException("an undeclared I/O failure over an in-memory body", e);
            }
        });
    }
}
