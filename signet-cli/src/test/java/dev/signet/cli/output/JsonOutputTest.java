package dev.signet.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonOutputTest {
    @Test
    void writesNestedValuesInOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", false);
        m.put("count", 3);
        m.put("none", null);
        m.put("list", List.of("a", 1));
        m.put("empty", Map.of());
        assertThat(JsonOutput.write(m))
                .isEqualTo("{\n  \"valid\": false,\n  \"count\": 3,\n  \"none\": null,\n"
                        + "  \"list\": [\n    \"a\",\n    1\n  ],\n  \"empty\": {}\n}");
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertThat(JsonOutput.write(Arrays.asList("q\"b\\n\nt\tc\u0001")))
                .isEqualTo("[\n  \"q\\\"b\\\\n\\nt\\tc\\u0001\"\n]");
    }
}
