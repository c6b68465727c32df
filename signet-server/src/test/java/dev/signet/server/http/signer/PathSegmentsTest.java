package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathSegmentsTest {
    @ParameterizedTest
    @CsvSource({
        "/signing-profiles/app,signing-profiles|app",
        "/signing-profiles/a%2Fb,signing-profiles|a/b",
        "/signing-profiles/a+b,signing-profiles|a+b",
        "//signing-jobs//with-payload/,signing-jobs|with-payload",
        "/signing-profiles/%C3%BC,signing-profiles|\u00fc"
    })
    void decodesEachSegment(String raw, String expected) {
        assertThat(String.join("|", PathSegments.of(raw))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a/%", "/a/%4", "/a/%ZZ", "/a/%C3%28", "/a/%FF"})
    void brokenEscapesAndNonUtf8AreValidationErrors(String raw) {
        assertThatThrownBy(() -> PathSegments.of(raw))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
    }
}
