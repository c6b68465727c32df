package dev.signet.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The credential and signed-header checks are written by hand (they run per request); they must
 * accept exactly what the regular expressions they replaced accepted, which serve here as the oracle.
 */
class SignatureParametersTest {
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~\\-]{1,128}");
    private static final String SIGNATURE = "0123456789abcdef".repeat(4);

    static Stream<String> candidates() {
        List<String> values = new ArrayList<>(List.of(
                "",
                "20261207",
                "2026120",
                "202612071",
                "2026-12-",
                "2026\u0661207", // an Arabic-Indic digit: not \d without UNICODE_CHARACTER_CLASS
                "AKIAEXAMPLE",
                "us-east-1",
                "signer",
                "s3",
                "a.b_c-d",
                "host",
                "x-amz-date",
                "x-amz-content-sha256",
                "Host",
                "content type",
                "!#$%&'*+.^_`|~-",
                "a/b",
                "a\"b",
                "a(b)",
                "a:b",
                "a\tb",
                "\u00e9t\u00e9",
                "a\u0000",
                "x".repeat(128),
                "x".repeat(129),
                "Z".repeat(128),
                "9".repeat(128)));
        for (char c = 0; c < 0x80; c++) {
            values.add("a" + c);
            values.add(String.valueOf(c).repeat(8));
        }
        return values.stream();
    }

    @ParameterizedTest
    @MethodSource("candidates")
    void credentialPartsAreCheckedAsTheRegularExpressionsDid(String value) throws AuthenticationException {
        assertAccepted(
                credential(value, "20261207", "us-east-1", "signer"),
                "host",
                TOKEN.matcher(value).matches());
        assertAccepted(
                credential("AKIAEXAMPLE", value, "us-east-1", "signer"),
                "host",
                DATE.matcher(value).matches());
        assertAccepted(
                credential("AKIAEXAMPLE", "20261207", value, "signer"),
                "host",
                TOKEN.matcher(value).matches());
        assertAccepted(
                credential("AKIAEXAMPLE", "20261207", "us-east-1", value),
                "host",
                TOKEN.matcher(value).matches());
    }

    @ParameterizedTest
    @MethodSource("candidates")
    void signedHeaderNamesAreCheckedAsTheRegularExpressionDid(String value) throws AuthenticationException {
        // "host" first or last keeps the list sorted for any name that sorts on that side of it
        String headers = value.compareTo("host") < 0 ? value + ";host" : "host;" + value;
        boolean expected = HEADER_NAME.matcher(value).matches() && !value.equals("host");
        assertAccepted(credential("AKIAEXAMPLE", "20261207", "us-east-1", "signer"), headers, expected);
    }

    private static String credential(String key, String date, String region, String service) {
        return key + "/" + date + "/" + region + "/" + service + "/aws4_request";
    }

    private static void assertAccepted(String credential, String signedHeaders, boolean expected)
            throws AuthenticationException {
        String header = "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + SIGNATURE;
        if (expected) {
            SignatureParameters parsed = SignatureParameters.fromAuthorization(header);
            assertThat(parsed.scope()).isEqualTo(credential.substring(credential.indexOf('/') + 1));
            assertThat(String.join(";", parsed.signedHeaders())).isEqualTo(signedHeaders);
        } else {
            assertThatThrownBy(() -> SignatureParameters.fromAuthorization(header))
                    .isInstanceOf(AuthenticationException.class);
        }
    }
}
