package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.server.http.Json;
import dev.signet.server.service.ServiceException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonMembersTest {
    private static JsonMembers parse(String body) {
        return JsonMembers.parse(Json.mapper(), body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "}", "nul", "\"text\"", "42", "[]", "{\"a\":1}{\"b\":2}", "{\"a\":1,}", "\u0000"})
    void malformedOrNonObjectBodiesAreValidationErrors(String body) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(ServiceException.class)
                .extracting(e -> ((ServiceException) e).errorCode())
                .isEqualTo("ValidationException");
    }

    @Test
    void deeplyNestedBodiesAreRefusedWithoutExhaustingTheStack() {
        String deep = "{\"a\":".repeat(5000) + "1" + "}".repeat(5000);
        assertThatThrownBy(() -> parse(deep))
                .isInstanceOf(ServiceException.class)
                .hasMessage("request body is not valid JSON");
        String arrays = "{\"a\":" + "[".repeat(20) + "]".repeat(20) + "}";
        assertThatThrownBy(() -> parse(arrays)).hasMessageContaining("nested too deeply");
    }

    @Test
    void typedReadsNameTheMemberPath() {
        JsonMembers body = parse("{\"outer\":{\"n\":1.5,\"s\":3,\"e\":\"X\",\"m\":{\"k\":[]},\"b\":\"%%\"}}");
        JsonMembers outer = body.object("outer").orElseThrow();
        assertThatThrownBy(() -> outer.integer("n")).hasMessage("outer.n must be an integer");
        assertThatThrownBy(() -> outer.string("s")).hasMessage("outer.s must be a string");
        assertThatThrownBy(() -> outer.enumeration("e", List.of("A", "B")))
                .hasMessage("outer.e must be one of [A, B], got 'X'");
        assertThatThrownBy(() -> outer.stringMap("m")).hasMessageContaining("outer.m values must be strings");
        assertThatThrownBy(() -> outer.blob("b")).hasMessage("outer.b must be base64 text");
        assertThat(body.object("missing")).isEmpty();
    }

    @Test
    void nullAndEmptyAreAbsentAndUnknownMembersIgnored() {
        assertThat(parse("").string("a")).isEmpty();
        JsonMembers body = parse("{\"a\":null,\"unknown\":{\"deep\":[1,2]},\"m\":{\"k\":\"v\"}}");
        assertThat(body.string("a")).isEmpty();
        assertThat(body.stringMap("m")).containsEntry("k", "v");
        assertThat(body.stringMap("none")).isEmpty();
    }
}
