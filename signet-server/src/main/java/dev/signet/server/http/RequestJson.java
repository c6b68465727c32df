package dev.signet.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.server.service.ServiceException;
import dev.signet.server.service.Validation;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A native route's JSON request object: only the members the route takes, each of its type.
 * Anything else is a 400 ValidationException (or BadRequestException when it is not JSON).
 */
public record RequestJson(JsonNode body) {
    public static RequestJson of(Context ctx, Set<String> members) {
        return parse(ctx.bodyAsBytes(), members);
    }

    public static RequestJson parse(byte[] bytes, Set<String> members) {
        JsonNode body;
        try {
            body = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw Json.duplicateMember(e)
                    .map(member -> ServiceException.validation(Json.duplicateMessage(member)))
                    .orElseGet(() -> ServiceException.badRequest("the request body is not JSON"));
        } catch (IOException e) {
            throw ServiceException.badRequest("the request body is not JSON");
        }
        if (body == null || !body.isObject()) {
            throw ServiceException.badRequest("the request body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.contains(name)) {
                throw ServiceException.validation("unknown member " + Validation.printable(name) + "; this route takes "
                        + new TreeSet<>(members));
            }
        }
        return new RequestJson(body);
    }

    public String text(String member) {
        return optionalText(member).orElseThrow(() -> ServiceException.validation(member + " is required"));
    }

    public Optional<String> optionalText(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ServiceException.validation(member + " must be a string");
        }
        return Optional.of(value.asText());
    }

    public int integer(String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isInt()) {
            throw ServiceException.validation(member + " must be an integer");
        }
        return value.asInt();
    }

    public Optional<Long> optionalLong(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ServiceException.validation(member + " must be an integer");
        }
        return Optional.of(value.asLong());
    }

    public List<String> strings(String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isArray()) {
            throw ServiceException.validation(member + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw ServiceException.validation(member + " must be an array of strings");
            }
            out.add(item.asText());
        }
        return out;
    }
}
