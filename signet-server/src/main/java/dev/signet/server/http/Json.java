package dev.signet.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The one JSON mapper for every restJson1 and native route: unknown properties ignored, nulls not
 * written, {@link Instant} written as epoch seconds (a number, with milliseconds as a fraction when
 * present), as the AWS JSON protocols carry timestamps. Thread-safe; share it.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .addModule(new SimpleModule("signet-epoch-seconds")
                    .addSerializer(Instant.class, new EpochSecondsSerializer())
                    .addDeserializer(Instant.class, new EpochSecondsDeserializer()))
            .build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static final class EpochSecondsSerializer extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            long millis = value.toEpochMilli();
            if (millis % 1000 == 0) {
                gen.writeNumber(value.getEpochSecond());
            } else {
                gen.writeNumber(BigDecimal.valueOf(millis, 3));
            }
        }
    }

    static final class EpochSecondsDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal seconds = p.getDecimalValue();
                return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
            }
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                String text = p.getText().strip();
                try {
                    return Instant.ofEpochMilli(
                            new BigDecimal(text).movePointRight(3).longValue());
                } catch (NumberFormatException e) {
                    try {
                        return Instant.parse(text);
                    } catch (java.time.format.DateTimeParseException e2) {
                        return (Instant) ctxt.handleWeirdStringValue(Instant.class, text, "not a timestamp");
                    }
                }
            }
            return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
        }
    }
}
