package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.core.sigv4.SigV4;
import dev.signet.server.service.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the verifier demands of a request besides a matching signature: a credential scope for the
 * server's region, and the request time among the signed headers.
 */
class SigV4VerifierTest {
    static final String KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String AMZ_DATE = "20260301T100000Z";
    static final Caller CALLER = Caller.administrator(KEY_ID, "arn:aws:iam::000000000000:user/example", "000000000000");

    final SigV4Verifier verifier = new SigV4Verifier(
            id -> id.equals(KEY_ID) ? Optional.of(new ResolvedAccessKey(CALLER, SECRET)) : Optional.empty(),
            "us-east-1",
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** A GET signed for {@code region} and {@code service} over the given headers (all of them signed unless listed in {@code unsigned}). */
    static SigV4Request signed(String region, String service, Map<String, String> headers, Set<String> unsigned) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        headers.forEach((k, v) -> all.put(k, List.of(v)));
        SigV4Request request = new SigV4Request("GET", "/things", "", all);
        List<String> signedHeaders = request.headers().keySet().stream()
                .filter(h -> !unsigned.contains(h))
                .sorted()
                .toList();
        String date = AMZ_DATE.substring(0, 8);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String creq =
                SigV4.canonicalRequest("GET", "/things", "", signedHeaders, request::headerValues, SigV4.EMPTY_SHA256);
        byte[] key = SigV4.signingKey(SECRET.getBytes(StandardCharsets.UTF_8), date, region, service);
        String signature = SigV4.signature(key, SigV4.stringToSign(AMZ_DATE, scope, creq));
        all.put(
                "authorization",
                List.of("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/" + scope + ", SignedHeaders="
                        + String.join(";", signedHeaders) + ", Signature=" + signature));
        return new SigV4Request("GET", "/things", "", all);
    }

    SigningContext verify(SigV4Request request) throws AuthenticationException {
        return verifier.verify(request, SigV4Verifier.parameters(request), SigV4.EMPTY_SHA256);
    }

    @Test
    void aRequestForTheServersRegionWithItsDateSignedPasses() throws Exception {
        SigV4Request request = signed("us-east-1", "signer", Map.of("host", "h", "x-amz-date", AMZ_DATE), Set.of());
        assertThat(verify(request).caller()).isEqualTo(CALLER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-west-2", "x", "US-EAST-1"})
    void aScopeForAnotherRegionIsRefusedNamingTheExpectedOne(String region) {
        SigV4Request request = signed(region, "signer", Map.of("host", "h", "x-amz-date", AMZ_DATE), Set.of());
        assertThatThrownBy(() -> verify(request)).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.WRONG_REGION);
            assertThat(e.getMessage())
                    .isEqualTo("Credential should be scoped to a valid region. This endpoint serves 'us-east-1', not '"
                            + region + "'.");
            assertThat(e.s3Message())
                    .isEqualTo("The authorization header is malformed; the region '" + region
                            + "' is wrong; expecting 'us-east-1'");
        });
    }

    @Test
    void aPresignedUrlForAnotherRegionIsRefusedInS3sWords() {
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + KEY_ID
                + "%2F20260301%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Date=" + AMZ_DATE
                + "&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=" + "0".repeat(64);
        SigV4Request request = new SigV4Request("GET", "/bucket/key", query, Map.of("host", List.of("h")));
        assertThatThrownBy(() -> verify(request)).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.WRONG_REGION);
            assertThat(e.s3Message())
                    .isEqualTo("Error parsing the X-Amz-Credential parameter; the region 'us-west-2' is wrong;"
                            + " expecting 'us-east-1'");
        });
    }

    @Test
    void anUnsignedXAmzDateIsRefused() {
        SigV4Request request =
                signed("us-east-1", "signer", Map.of("host", "h", "x-amz-date", AMZ_DATE), Set.of("x-amz-date"));
        assertThatThrownBy(() -> verify(request)).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.MALFORMED);
            assertThat(e.getMessage()).isEqualTo("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        });
    }

    @Test
    void anUnsignedDateIsRefusedWhenItIsTheRequestTime() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.atZone(ZoneOffset.UTC));
        SigV4Request request = signed("us-east-1", "s3", Map.of("host", "h", "date", date), Set.of("date"));
        assertThatThrownBy(() -> verify(request)).isInstanceOfSatisfying(AuthenticationException.class, e -> {
            assertThat(e.kind()).isEqualTo(AuthenticationException.Kind.MALFORMED);
            assertThat(e.getMessage()).isEqualTo("'Date' must be a 'SignedHeader' in the AWS Authorization.");
        });
    }

    @Test
    void aSignedDateHeaderIsTheRequestTime() throws Exception {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.atZone(ZoneOffset.UTC));
        SigV4Request request = signed("us-east-1", "s3", Map.of("host", "h", "date", date), Set.of());
        assertThat(verify(request).caller()).isEqualTo(CALLER);
    }

    @Test
    void anUnsignedDateBesideASignedXAmzDateIsIgnored() throws Exception {
        SigV4Request request = signed(
                "us-east-1",
                "signer",
                Map.of("host", "h", "x-amz-date", AMZ_DATE, "date", "Sun, 01 Mar 2026 10:00:00 GMT"),
                Set.of("date"));
        assertThat(verify(request).caller()).isEqualTo(CALLER);
    }

    /** A malformed request time is refused with S3's message (the forms refused are AmzDateTest's). */
    @ParameterizedTest
    @ValueSource(strings = {"", "20261127T120102", "2026-11-27T12:01:02Z", "20261327T120102Z", "2026112\u0660T120102Z"})
    void malformedAmzDatesAreRefused(String amzDate) {
        assertThatThrownBy(() -> SigV4Verifier.parseAmzDate(amzDate))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("X-Amz-Date must be in the form YYYYMMDD'T'HHMMSS'Z'.");
    }
}
