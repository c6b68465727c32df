package dev.signet.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming reader of response members: values as Jackson's tree gives them, hostile bodies refused. */
class ResponseMembersTest {
    private static ResponseMembers parse(String json) {
        return ResponseMembers.parse(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void readsScalarsAsTextAndNestedObjectsOneLevelDown() {
        ResponseMembers m = parse("{\"s\":\"caf\u00e9\",\"n\":135,\"f\":1.5,\"b\":true,\"z\":null,\"a\":[1,{\"x\":2}],"
                + "\"o\":{\"k\":\"v\",\"i\":7,\"deep\":{\"x\":1},\"nul\":null}}");

        assertThat(m.text("s")).hasValue("caf\u00e9");
        assertThat(m.text("n")).hasValue("135");
        assertThat(m.text("f")).hasValue("1.5");
        assertThat(m.text("b")).hasValue("true");
        assertThat(m.text("z")).isEmpty();
        assertThat(m.text("a")).isEmpty();
        assertThat(m.text("o")).isEmpty();
        assertThat(m.object("o")).containsOnlyKeys("k", "i").containsEntry("i", "7");
        assertThat(m.object("s")).isEmpty();
    }

    @Test
    void stringsWithEscapesAreDecodedByTheParser() {
        ResponseMembers m = parse("{\"q\":\"a\\\"b\\\\c\\u00e9\\n\",\"sig\":\"AQID\\/w==\"}");

        assertThat(m.text("q")).hasValue("a\"b\\c\u00e9\n");
        assertThat(m.base64("sig")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 0xff));
    }

    @Test
    void base64IsStrict() {
        ResponseMembers m = parse("{\"ok\":\"AQID/w==\",\"bad\":\"***\",\"spaced\":\"AQ ID\",\"n\":5}");

        assertThat(m.base64("ok")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 0xff));
        assertThat(m.base64("missing")).isEmpty();
        assertThatThrownBy(() -> m.base64("bad"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Illegal base64 character 2a");
        assertThatThrownBy(() -> m.base64("spaced"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Illegal base64 character 20");
    }

    @Test
    void aMemberGivenTwiceCountsWithItsLastValue() {
        ResponseMembers m = parse(
                "{\"a\":\"first\",\"a\":{\"k\":\"v\"},\"b\":{\"k\":\"v\"},\"b\":\"last\",\"c\":\"x\",\"c\":null}");

        assertThat(m.text("a")).isEmpty();
        assertThat(m.object("a")).containsEntry("k", "v");
        assertThat(m.text("b")).hasValue("last");
        assertThat(m.object("b")).isEmpty();
        assertThat(m.text("c")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[1,2]",
                "\"text\"",
                "42",
                "{\"a\":",
                "{\"a\":\"unterminated",
                "{\"a\":1,}",
                "{\"a\" 1}",
                "{'a':1}",
                "{\"a\":\"ctl\u0001\"}",
                "{\"a\":tru}",
            })
    void anythingButAJsonObjectIsRefused(String body) {
        assertThat(ResponseMembers.parse(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void deepNestingIsRefusedOrSkippedWithoutOverflow() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + ",\"b\":\"x\"}";

        assertThat(ResponseMembers.parse(deep.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void encodesStringMembersWithEscapes() {
        assertThat(new String(ResponseMembers.encode("k", "a\"\\\u0001\u00e9", "n", ""), StandardCharsets.UTF_8))
                .isEqualTo("{\"k\":\"a\\\"\\\\\\u0001\u00e9\",\"n\":\"\"}");
        assertThatThrownBy(() -> ResponseMembers.encode("odd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("names and values come in pairs");
    }
}
