package dev.signet.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one JSON mapper for every restJson1 and native route: unknown properties ignored, a member
 * twice in one object refused (anywhere in the document: "last one wins" would let a request mean
 * two things), nulls not written, {@link Instant} written as epoch seconds (a number, with
 * milliseconds as a fraction when present), as the AWS JSON protocols carry timestamps. Thread-safe;
 * share it.
 */
public final class Json {
    /** Jackson's duplicate-detection message, the one way it reports which member was repeated. */
    private static final Pattern DUPLICATE =
            Pattern.compile("Duplicate (?:field|Object property) '(.*)'", Pattern.DOTALL);

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
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

    /** The member a parse failure found twice in one object; empty for any other failure. */
    public static Optional<String> duplicateMember(JsonProcessingException e) {
        Matcher m = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** {@code the member 'NAME' more than once}, printable, for the error messages of every JSON route. */
    public static String duplicateMessage(String member) {
        return "the request body has the member '" + dev.signet.server.service.Validation.printable(member)
                + "' more than once";
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
