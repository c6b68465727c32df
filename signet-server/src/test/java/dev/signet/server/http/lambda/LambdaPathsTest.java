package dev.signet.server.http.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.service.ServiceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LambdaPathsTest {

    @Test
    void splitsAndDecodesSegments() {
        assertThat(LambdaPaths.of("/2020-04-22/code-signing-configs/arn%3Aaws%3alambda%3Acsc-1/"))
                .containsExactly("2020-04-22", "code-signing-configs", "arn:aws:lambda:csc-1");
        assertThat(LambdaPaths.of("//a//b/")).containsExactly("a", "b");
        assertThat(LambdaPaths.of("/a+b")).containsExactly("a+b");
        assertThat(LambdaPaths.of("/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%", "/a%4", "/a%ZZ", "/a%G1", "/a%00", "/a%0A", "/a%7F", "/a%C3%A9", "/a%FF"})
    void brokenEscapesAndNonPrintableCharactersAreInvalidParameters(String path) {
        assertThatThrownBy(() -> LambdaPaths.of(path))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("InvalidParameterValueException");
    }
}
