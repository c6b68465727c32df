package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The error shape chosen from credentials alone, before (and whatever the outcome of) their validation. */
class ErrorProtocolTest {
    private static final String SCOPE = "AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/%s/aws4_request, "
            + "SignedHeaders=host, Signature=abc";

    @Test
    void theCredentialScopeNamesTheService() {
        assertThat(ErrorProtocol.of(Optional.of(SCOPE.formatted("s3")), "")).contains(ErrorProtocol.S3_XML);
        assertThat(ErrorProtocol.of(Optional.of(SCOPE.formatted("lambda")), "")).contains(ErrorProtocol.LAMBDA_JSON);
        assertThat(ErrorProtocol.of(Optional.of(SCOPE.formatted("signer")), "")).contains(ErrorProtocol.JSON);
        assertThat(ErrorProtocol.of(
                        Optional.empty(),
                        "X-Amz-Expires=abc&X-Amz-Credential=AKIA%2F20260101%2Fus-east-1%2Fs3%2Faws4_request"))
                .contains(ErrorProtocol.S3_XML);
    }

    @Test
    void signatureVersion2IsS3() {
        assertThat(ErrorProtocol.isSigV2(Optional.of("AWS AKIA:c2ln"), "")).isTrue();
        assertThat(ErrorProtocol.isSigV2(Optional.empty(), "AWSAccessKeyId=AKIA&Signature=x&Expires=1"))
                .isTrue();
        assertThat(ErrorProtocol.isSigV2(Optional.of(SCOPE.formatted("s3")), ""))
                .isFalse();
        assertThat(ErrorProtocol.isSigV2(Optional.empty(), "AWSAccessKeyId=AKIA"))
                .isFalse();
        assertThat(ErrorProtocol.of(Optional.empty(), "Signature=x&AWSAccessKeyId=y"))
                .contains(ErrorProtocol.S3_XML);
    }

    @Test
    void nothingRecognisableNamesNoService() {
        assertThat(ErrorProtocol.of(Optional.empty(), "")).isEmpty();
        assertThat(ErrorProtocol.of(Optional.of("Bearer token"), "")).isEmpty();
        assertThat(ErrorProtocol.of(Optional.of("AWS4-HMAC-SHA256 Credential=AKIA/2026, Signature=x"), ""))
                .isEmpty();
        assertThat(ErrorProtocol.of(Optional.empty(), "X-Amz-Credential=%ZZ")).isEmpty();
    }
}
