package dev.signet.server.http.signer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.Json;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of members from a restJson1 request body. A member of the wrong JSON type, or an enum
 * member with a value the model does not list, is a ValidationException naming the member's path
 * (e.g. {@code signatureValidityPeriod.type}). JSON {@code null} counts as absent; unknown members
 * are ignored, as AWS does; a member twice in one object is a ValidationException naming it.
 */
final class JsonMembers {
    private static final int MAX_DEPTH = 16;

    private final ObjectNode node;
    private final String path;

    private JsonMembers(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request body as an object; an empty body is an empty object. */
    static JsonMembers parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            return new JsonMembers(JsonNodeFactory.instance.objectNode(), "");
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw ServiceException.validation(
                    Json.duplicateMember(e).map(Json::duplicateMessage).orElse("request body is not valid JSON"));
        } catch (java.io.IOException e) {
            throw ServiceException.validation("request body could not be read");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return new JsonMembers(JsonNodeFactory.instance.objectNode(), "");
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw ServiceException.validation("request body must be a JSON object");
        }
        if (depth(object, 0) > MAX_DEPTH) {
            throw ServiceException.validation("request body is nested too deeply");
        }
        return new JsonMembers(object, "");
    }

    Optional<String> string(String member) {
        return value(member).map(v -> {
            if (!v.isTextual()) {
                throw wrongType(member, "a string");
            }
            return v.textValue();
        });
    }

    Optional<String> enumeration(String member, List<String> allowed) {
        return string(member).map(v -> {
            if (!allowed.contains(v)) {
                throw ServiceException.validation(
                        name(member) + " must be one of " + allowed + ", got '" + Validation.printable(v) + "'");
            }
            return v;
        });
    }

    Optional<Integer> integer(String member) {
        return value(member).map(v -> {
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw wrongType(member, "an integer");
            }
            return v.intValue();
        });
    }

    /** restJson1 body timestamps: epoch seconds, fractions allowed. */
    Optional<java.time.Instant> timestamp(String member) {
        return value(member).map(v -> {
            if (!v.isNumber()) {
                throw wrongType(member, "a timestamp in epoch seconds");
            }
            if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
                // 1e400 reads as an infinite double, which has no decimal value
                throw wrongType(member, "a timestamp in epoch seconds within range");
            }
            try {
                return java.time.Instant.ofEpochMilli(v.decimalValue()
                        .movePointRight(3)
                        .setScale(0, java.math.RoundingMode.FLOOR)
                        .longValueExact());
            } catch (ArithmeticException | java.time.DateTimeException e) {
                throw wrongType(member, "a timestamp in epoch seconds within range");
            }
        });
    }

    Optional<byte[]> blob(String member) {
        return string(member).map(v -> {
            try {
                return Base64.getDecoder().decode(v);
            } catch (IllegalArgumentException e) {
                throw wrongType(member, "base64 text");
            }
        });
    }

    Optional<JsonMembers> object(String member) {
        return value(member).map(v -> {
            if (!(v instanceof ObjectNode object)) {
                throw wrongType(member, "an object");
            }
            return new JsonMembers(object, name(member) + ".");
        });
    }

    Map<String, String> stringMap(String member) {
        Map<String, String> map = new LinkedHashMap<>();
        value(member).ifPresent(v -> {
            if (!(v instanceof ObjectNode object)) {
                throw wrongType(member, "an object of string values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isTextual()) {
                    throw ServiceException.validation(name(member) + " values must be strings; '"
                            + Validation.printable(entry.getKey()) + "' is not");
                }
                map.put(entry.getKey(), entry.getValue().textValue());
            }
        });
        return map;
    }

    /** Whether the member is present and not JSON null. */
    boolean has(String member) {
        return value(member).isPresent();
    }

    private Optional<JsonNode> value(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private String name(String member) {
        return path + member;
    }

    private ServiceException wrongType(String member, String expected) {
        return ServiceException.validation(name(member) + " must be " + expected);
    }

    private static int depth(JsonNode node, int level) {
        if (level > MAX_DEPTH) {
            return level;
        }
        int max = level;
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                max = Math.max(max, depth(child, level + 1));
            }
        }
        return max;
    }
}
