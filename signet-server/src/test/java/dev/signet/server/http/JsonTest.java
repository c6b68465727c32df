package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    record Dto(String name, Instant at, String absent) {}

    @Test
    void writesEpochSecondsAndNoNulls() throws Exception {
        assertThat(Json.mapper().writeValueAsString(new Dto("n", Instant.ofEpochSecond(1700000000), null)))
                .isEqualTo("{\"name\":\"n\",\"at\":1700000000}");
        assertThat(Json.mapper().writeValueAsString(new Dto("n", Instant.ofEpochMilli(1700000000123L), null)))
                .isEqualTo("{\"name\":\"n\",\"at\":1700000000.123}");
    }

    @Test
    void readsEpochSecondsAndIgnoresUnknownProperties() throws Exception {
        Dto dto = Json.mapper().readValue("{\"name\":\"n\",\"at\":1700000000.5,\"extra\":[1]}", Dto.class);
        assertThat(dto.at()).isEqualTo(Instant.ofEpochMilli(1700000000500L));
        assertThat(Json.mapper()
                        .readValue("{\"at\":\"2023-11-14T22:13:20Z\"}", Dto.class)
                        .at())
                .isEqualTo(Instant.ofEpochSecond(1700000000));
    }

    @Test
    void refusesDuplicateMembersAndNamesThem() {
        for (String twice :
                new String[] {"{\"name\":\"a\",\"name\":\"b\"}", "{\"at\":1,\"x\":{\"name\":1,\"name\":2}}"}) {
            assertThatThrownBy(() -> Json.mapper().readTree(twice))
                    .as(twice)
                    .isInstanceOfSatisfying(
                            JsonProcessingException.class,
                            e -> assertThat(Json.duplicateMember(e)).contains("name"));
        }
        assertThatThrownBy(() -> Json.mapper().readValue("{\"name\":\"a\",\"name\":\"b\"}", Dto.class))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'name'");
        assertThatThrownBy(() -> Json.mapper().readTree("{"))
                .isInstanceOfSatisfying(
                        JsonProcessingException.class,
                        e -> assertThat(Json.duplicateMember(e)).isEmpty());
    }

    @Test
    void refusesMalformedInput() {
        Map<String, String> reasons = Map.of(
                "{", "Unexpected end-of-input",
                "{\"at\": \"yesterday\"}", "from String \"yesterday\": not a timestamp",
                "{\"at\": true}", "Cannot deserialize value of type `java.time.Instant` from Boolean value",
                "{} {}", "Trailing token (of type START_OBJECT) found after value");
        for (String bad : new String[] {"{", "{\"at\": \"yesterday\"}", "{\"at\": true}", "{} {}"}) {
            assertThatThrownBy(() -> Json.mapper().readValue(bad, Dto.class))
                    .as(bad)
                    .isInstanceOf(JsonProcessingException.class)
                    .hasMessageContaining(reasons.get(bad));
        }
    }
}
