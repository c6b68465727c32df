package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.cli.credentials.Credentials;
import dev.signet.core.sigv4.AccessKey;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/** The hand-rolled signer against the AWS SDK's own SigV4 signer (the reference) on the same requests. */
class SigV4SignerTest {
    private static final AccessKey KEY = new AccessKey("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|http://127.0.0.1:8080|/signing-jobs/with-payload|{\"payload\":\"AAEC\",\"profileName\":\"p\"}",
                "GET|http://127.0.0.1:8080|/signing-profiles/bench_1|",
                "GET|http://localhost|/signing-profiles/a%20b%2Fc%C3%A9|",
                "POST|http://[::1]:9000|/base/signing-jobs/with-payload|{}",
                "POST|https://signer.example.com|/signing-jobs/with-payload|{\"payload\":\"\"}",
            })
    void signsAsTheSdkDoes(String method, String endpoint, String path, String body) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoint);
        String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());

        SigV4Signer.Signed ours = new SigV4Signer(KEY, "us-east-1", "signer").sign(method, path, host, content, NOW);

        SdkHttpRequest sdk = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsBasicCredentials.create(KEY.id(), KEY.secret()))
                        .request(SdkHttpFullRequest.builder()
                                .method(SdkHttpMethod.fromValue(method))
                                .uri(URI.create(endpoint + path))
                                .putHeader("Host", host)
                                .putHeader("x-amz-content-sha256", ours.contentSha256())
                                .build())
                        .payload(() -> new ByteArrayInputStream(content))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signer")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)))
                .request();

        assertThat(sdk.firstMatchingHeader("X-Amz-Date")).hasValue(ours.amzDate());
        assertThat(sdk.firstMatchingHeader("Authorization")).hasValue(ours.authorization());
    }

    @Test
    void signsTheSessionTokenAsAHeaderAsTheSdkDoesForSessionCredentials() {
        String token = "FwoGZXIvYXdzEBYaDH+token/with=padding";
        Credentials session = new Credentials(KEY, Optional.of(token), Optional.empty(), "test");
        byte[] content = "{}".getBytes(StandardCharsets.UTF_8);

        SigV4Signer.Signed ours =
                new SigV4Signer(session, "us-east-1", "signer").sign("POST", "/x", "127.0.0.1:8080", content, NOW);

        SdkHttpRequest sdk = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsSessionCredentials.create(KEY.id(), KEY.secret(), token))
                        .request(SdkHttpFullRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(URI.create("http://127.0.0.1:8080/x"))
                                .putHeader("Host", "127.0.0.1:8080")
                                .putHeader("x-amz-content-sha256", ours.contentSha256())
                                .build())
                        .payload(() -> new ByteArrayInputStream(content))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "signer")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)))
                .request();

        assertThat(sdk.firstMatchingHeader("X-Amz-Security-Token")).hasValue(token);
        assertThat(ours.securityToken()).hasValue(token);
        assertThat(ours.authorization()).contains("x-amz-security-token");
        assertThat(sdk.firstMatchingHeader("Authorization")).hasValue(ours.authorization());
        assertThat(ours.toString()).doesNotContain(token);
    }

    @Test
    void theSecretStaysOutOfItsTextAndPathsWithAQueryAreRefused() {
        SigV4Signer signer = new SigV4Signer(KEY, "us-east-1", "signer");
        assertThat(signer.toString()).contains(KEY.id()).doesNotContain(KEY.secret());
        assertThat(signer.sign("GET", "/x", "h", new byte[0], NOW).authorization())
                .doesNotContain(KEY.secret());
        assertThatThrownBy(() -> signer.sign("GET", "/x?a=b", "h", new byte[0], NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a path without a query string is expected: /x?a=b");
        assertThatThrownBy(() -> signer.sign("GET", "x", "h", new byte[0], NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a path without a query string is expected: x");
        assertThatThrownBy(() -> signer.sign("GET", "/x", "h ost", new byte[0], NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a host without white space is expected: h ost");
        assertThatThrownBy(() -> signer.sign("GET", "/x", "", new byte[0], NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a host is expected");
    }
}
