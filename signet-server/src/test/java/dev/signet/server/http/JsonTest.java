package dev.signet.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
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
    void refusesMalformedInput() {
        for (String bad : new String[] {"{", "{\"at\": \"yesterday\"}", "{\"at\": true}", "{} {}"}) {
            assertThatThrownBy(() -> Json.mapper().readValue(bad, Dto.class))
                    .as(bad)
                    .isInstanceOf(JsonProcessingException.class);
        }
    }
}
