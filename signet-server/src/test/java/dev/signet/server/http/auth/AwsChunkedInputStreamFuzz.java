package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.core.sigv4.SigV4;
import dev.signet.core.testing.BoundedFuzzTest;
import dev.signet.core.testing.FuzzBounds;
import dev.signet.server.service.Caller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
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
    private static final String AMZ_DATE = "20261201T120000Z";
    private static final String SEED_SIGNATURE = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    private static final SignatureParameters PARAMETERS = new SignatureParameters(
            SigV4VerifierFuzz.ACCESS_KEY,
            "20261201",
            "us-east-1",
            "s3",
            List.of("host", "x-amz-content-sha256", "x-amz-date"),
            SEED_SIGNATURE,
            Optional.empty());
    private static final byte[] SIGNING_KEY = SigV4.signingKey(
            SigV4VerifierFuzz.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "20261201", "us-east-1", "s3");

    @BoundedFuzzTest
    void unsignedWithTrailer(byte[] body) {
        readAll(body, Optional.empty(), Optional.of("x-amz-checksum-crc32"));
    }

    @BoundedFuzzTest
    void signed(byte[] body) {
        readAll(body, Optional.of(signing()), Optional.empty());
    }

    /** The corpus starts from bodies that pass every check, so fuzzing explores past them. */
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
        return new SigningContext(
                new Caller(SigV4VerifierFuzz.ACCESS_KEY, "arn:aws:iam::000000000000:user/fuzz", "000000000000"),
                PARAMETERS,
                AMZ_DATE,
                SIGNING_KEY.clone(),
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
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
