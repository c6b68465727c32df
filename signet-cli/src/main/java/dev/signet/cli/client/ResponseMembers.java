package dev.signet.cli.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The members of a JSON object that the Signer API clients read: its scalar members as text (a
 * number or boolean as written, {@code null} left out) and the scalar members of its nested objects
 * one level down; arrays and deeper nesting are skipped. Read with Jackson's streaming parser, not
 * its object mapper (a tree per response is most of a small request's JSON cost); a top-level string
 * without escapes stays bytes of the body until asked for, so a long base64 value is decoded
 * straight from them. A member given
 * twice counts with its last value, as in Jackson's tree model. Immutable.
 */
final class ResponseMembers {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final byte[] body;
    private final Map<String, Object> scalars;
    private final Map<String, Map<String, String>> objects;

    /** A string member without escapes, left as its UTF-8 bytes in the body. */
    private record Raw(int offset, int length) {}

    private ResponseMembers(byte[] body, Map<String, Object> scalars, Map<String, Map<String, String>> objects) {
        this.body = body;
        this.scalars = scalars;
        this.objects = objects;
    }

    /** The members of {@code body}, or empty when it is not a JSON object (or not JSON). */
    static Optional<ResponseMembers> parse(byte[] body) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            Map<String, Object> scalars = new HashMap<>();
            Map<String, Map<String, String>> objects = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                scalars.remove(name);
                objects.remove(name);
                if (value == JsonToken.START_OBJECT) {
                    objects.put(name, nested(p));
                } else if (value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (value == JsonToken.VALUE_STRING) {
                    Raw raw = raw(body, p.currentTokenLocation().getByteOffset());
                    scalars.put(name, raw != null ? raw : p.getText());
                } else if (value != JsonToken.VALUE_NULL) {
                    scalars.put(name, p.getText());
                }
            }
            return Optional.of(new ResponseMembers(body, scalars, objects));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The string token starting at {@code quote} as a byte range when it has no escape, else null
     * (then the parser decodes it). The parser checks the string's syntax as it passes over it; not
     * asking it for the text saves a copy of a long value (a signature is kilobytes of base64).
     */
    private static Raw raw(byte[] body, long quote) {
        if (quote < 0 || quote >= body.length || body[(int) quote] != '"') {
            return null;
        }
        int start = (int) quote + 1;
        for (int i = start; i < body.length; i++) {
            byte b = body[i];
            if (b == '"') {
                return new Raw(start, i - start);
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return null;
            }
        }
        return null;
    }

    private static Map<String, String> nested(JsonParser p) throws IOException {
        Map<String, String> members = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            members.remove(name);
            if (value.isStructStart()) {
                p.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                members.put(name, p.getText());
            }
        }
        return members;
    }

    /** A scalar member as text. */
    Optional<String> text(String name) {
        Object value = scalars.get(name);
        if (value instanceof Raw raw) {
            return Optional.of(new String(body, raw.offset(), raw.length(), StandardCharsets.UTF_8));
        }
        return Optional.ofNullable((String) value);
    }

    /**
     * A scalar member decoded as base64 (RFC 4648, padded, nothing else allowed).
     *
     * @throws IllegalArgumentException when the member is not valid base64
     */
    Optional<byte[]> base64(String name) {
        Object value = scalars.get(name);
        if (value instanceof Raw raw) {
            ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(body, raw.offset(), raw.length()));
            byte[] bytes = new byte[decoded.remaining()];
            decoded.get(bytes);
            return Optional.of(bytes);
        }
        return Optional.ofNullable((String) value).map(Base64.getDecoder()::decode);
    }

    /** The scalar members of an object member (empty when there is no such object). */
    Map<String, String> object(String name) {
        return objects.getOrDefault(name, Map.of());
    }

    /** {@code {"k1":"v1",...}} for string values, in the order given. */
    static byte[] encode(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < namesAndValues.length; i += 2) {
                g.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }
}
