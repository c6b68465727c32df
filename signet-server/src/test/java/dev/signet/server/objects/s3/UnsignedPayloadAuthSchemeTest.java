package dev.signet.server.objects.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The store's signer: an unsigned payload on http as on https, the scheme left as it was, and the
 * Host header signed as the http transport sends it (S3Proxy checking every signature is the rest
 * of the proof, in {@link S3ObjectStoreTest}).
 */
class UnsignedPayloadAuthSchemeTest {
    @ParameterizedTest
    @CsvSource({
        "http://example.com/b/k,     example.com",
        "http://example.com:80/b/k,  example.com",
        "http://127.0.0.1:9000/b/k,  127.0.0.1:9000",
        "https://example.com/b/k,    example.com",
        "https://example.com:8443/b/k, example.com:8443"
    })
    void signsAnUnsignedPayloadWithTheHostTheTransportSends(String uri, String host) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .uri(URI.create(uri))
                .method(SdkHttpMethod.PUT)
                .build();

        SignedRequest signed = new UnsignedPayloadAuthScheme()
                .signer()
                .sign(r -> r.identity(AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret"))
                        .request(request)
                        .payload(() -> new ByteArrayInputStream(new byte[] {1, 2, 3}))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));

        assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).contains("UNSIGNED-PAYLOAD");
        assertThat(signed.request().firstMatchingHeader("Host")).contains(host);
        assertThat(signed.request().protocol()).isEqualTo(URI.create(uri).getScheme());
        assertThat(signed.request().firstMatchingHeader("Authorization"))
                .hasValueSatisfying(a -> assertThat(a)
                        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                        .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date"));
    }
}
