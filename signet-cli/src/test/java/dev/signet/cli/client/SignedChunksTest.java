package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.sigv4.AccessKey;
import dev.signet.core.sigv4.SigV4;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * The aws-chunked upload of {@code verify --csc} against the AWS SDK's own chunk signer (the
 * reference, which the CLI used before): the same headers signed, the same request signature and,
 * byte for byte, the same encoded body, for bodies of no, one, several and partial chunks.
 */
class SignedChunksTest {
    private static final AccessKey KEY = new AccessKey("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String TYPE = "multipart/form-data; boundary=signet-0123456789abcdef";

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SignedChunks.CHUNK - 1, SignedChunks.CHUNK, 2 * SignedChunks.CHUNK + 12_345})
    void encodesAndSignsAsTheSdkDoes(int size) throws IOException {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        URI url = URI.create("http://127.0.0.1:8080/v1/verify");
        long encodedLength = SignedChunks.encodedLength(size);

        SigV4Signer signer = new SigV4Signer(KEY, "us-east-1", "signet");
        SigV4Signer.Signed ours = signer.sign(
                "POST",
                url.getRawPath(),
                "127.0.0.1:8080",
                Map.of(
                        "content-encoding",
                        "aws-chunked",
                        "content-type",
                        TYPE,
                        "content-length",
                        Long.toString(encodedLength),
                        "x-amz-decoded-content-length",
                        Long.toString(size)),
                SigV4.STREAMING_PAYLOAD,
                NOW);
        SigV4Signer.ChunkSignatures chunks = signer.chunks(ours);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        SignedChunks signedChunks = new SignedChunks(() -> new ByteArrayInputStream(body), size, chunks::next);
        signedChunks.writeTo(encoded);

        SignedRequest sdk = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsBasicCredentials.create(KEY.id(), KEY.secret()))
                        .request(SdkHttpFullRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(url)
                                .putHeader("Host", "127.0.0.1:8080")
                                .putHeader("Content-Type", TYPE)
                                .putHeader("Content-Length", Integer.toString(size))
                                .build())
                        .payload(() -> new ByteArrayInputStream(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signet")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
                        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        byte[] reference;
        ContentStreamProvider payload = sdk.payload().orElseThrow();
        try (InputStream in = payload.newStream()) {
            reference = in.readAllBytes();
        }

        assertThat(sdk.request().firstMatchingHeader("Authorization"))
                .as(sdk.request().headers().toString())
                .hasValue(ours.authorization());
        assertThat(sdk.request().firstMatchingHeader("Content-Length")).hasValue(Long.toString(encodedLength));
        assertThat(sdk.request().firstMatchingHeader("x-amz-decoded-content-length"))
                .hasValue(Integer.toString(size));
        assertThat(signedChunks.length()).isEqualTo(encodedLength);
        assertThat(encoded.toByteArray()).hasSize((int) encodedLength).isEqualTo(reference);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, +1})
    void aBodyThatIsNotItsDeclaredLengthFailsTheUpload(int difference) {
        byte[] body = new byte[1000 + difference];
        SignedChunks chunks = new SignedChunks(() -> new ByteArrayInputStream(body), 1000, sha -> "0".repeat(64));
        assertThatThrownBy(() -> chunks.writeTo(new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("declared length");
        assertThat(chunks.repeatable()).isFalse();
    }
}
