package dev.signet.core.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigV4Test {
    static Stream<Arguments> malformedEscapesAreRefusedCases() {
        return Stream.of(
                Arguments.of("%", "truncated percent escape"),
                Arguments.of("%Z", "truncated percent escape"),
                Arguments.of("%ZZ", "invalid percent escape"),
                Arguments.of("a%2", "truncated percent escape"),
                Arguments.of("%E1%88", "percent escapes are not valid UTF-8"),
                Arguments.of("%FF", "percent escapes are not valid UTF-8"),
                Arguments.of("%C0%AF", "percent escapes are not valid UTF-8"));
    }

    @ParameterizedTest
    @MethodSource("malformedEscapesAreRefusedCases")
    void malformedEscapesAreRefused(String raw, String reason) {
        assertThatThrownBy(() -> SigV4.percentDecode(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
        assertThatThrownBy(() -> SigV4.canonicalQuery("a=" + raw, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void textWiderInUtf8ThanInCharactersDecodes() {
        // found by SigV4VerifierFuzz: the output buffer was sized in characters, not UTF-8 bytes
        assertThat(SigV4.percentDecode("\u00e9\u00e9\u00e9%41")).isEqualTo("\u00e9\u00e9\u00e9A");
        assertThat(SigV4.percentDecode("\u20ac%2F")).isEqualTo("\u20ac/");
    }

    @Test
    void s3PathsAreEncodedOnceAndNotNormalized() {
        assertThat(SigV4.canonicalUri("/b/a//../k ü+%", false)).isEqualTo("/b/a//../k%20%C3%BC%2B%25");
        assertThat(SigV4.canonicalUri("/b/a//../k", true)).isEqualTo("/b/k");
    }

    @Test
    void otherServicesEncodeTheWirePathAgain() {
        assertThat(SigV4.canonicalUri("/signing-profiles/a%20b", true)).isEqualTo("/signing-profiles/a%2520b");
    }

    @Test
    void plusInAQueryIsAPlus() {
        assertThat(SigV4.canonicalQuery("a=b+c&a=b%20c", Set.of())).isEqualTo("a=b%20c&a=b%2Bc");
    }

    @Test
    void presignedSignatureParameterIsExcluded() {
        assertThat(SigV4.canonicalQuery("X-Amz-Signature=abc&X-Amz-Date=1", Set.of("X-Amz-Signature")))
                .isEqualTo("X-Amz-Date=1");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "  a  ",
                "a b",
                "a  b",
                "a\tb",
                "a \t b",
                "a\nb",
                "a\u000bb\fc\rd",
                " \t lead and trail \t ",
                "a\u00a0\u00a0b",
                "a\u2003 b",
                "",
                "   "
            })
    void headerValuesCollapseWhiteSpaceExactlyAsTheRegularExpressionDid(String value) {
        String expected = value.strip().replaceAll("\\s+", " ");
        assertThat(SigV4.canonicalHeaderValue(List.of(value))).isEqualTo(expected);
        // (an empty first value is followed by no comma: the rule as it always was here)
        assertThat(SigV4.canonicalHeaderValue(List.of(value, "x  y")))
                .isEqualTo(expected.isEmpty() ? "x y" : expected + ",x y");
    }
}
