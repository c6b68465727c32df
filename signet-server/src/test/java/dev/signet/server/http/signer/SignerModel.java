package dev.signet.server.http.signer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS Signer service model ({@code aws/signer-2017-08-25.service-2.json}, copied from the AWS
 * SDK), read with Jackson: operations, their HTTP binding, input members with their constraints,
 * and the error shapes each operation names.
 */
final class SignerModel {
    private static final JsonNode MODEL = load();

    private SignerModel() {}

    /** One input member at {@code path} (dotted for nested structure members). */
    record Member(
            String operation,
            List<String> path,
            String location,
            JsonNode shape,
            boolean required,
            boolean parentRequired) {
        String name() {
            return path.get(path.size() - 1);
        }

        String type() {
            return shape.path("type").asText();
        }

        Optional<Long> min() {
            return shape.has("min") ? Optional.of(shape.get("min").asLong()) : Optional.empty();
        }

        Optional<Long> max() {
            return shape.has("max") ? Optional.of(shape.get("max").asLong()) : Optional.empty();
        }

        Optional<String> pattern() {
            return Optional.ofNullable(shape.path("pattern").textValue());
        }

        JsonNode element(String part) {
            return SignerModel.shape(shape.path(part).path("shape").asText());
        }
    }

    record Operation(String name, String method, String requestUri, List<String> errors) {}

    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = MODEL.path("operations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> op = it.next();
            List<String> errors = new ArrayList<>();
            op.getValue().path("errors").forEach(e -> errors.add(e.path("shape").asText()));
            operations.add(new Operation(
                    op.getKey(),
                    op.getValue().path("http").path("method").asText(),
                    op.getValue().path("http").path("requestUri").asText(),
                    errors));
        }
        return operations;
    }

    static Operation operation(String name) {
        return operations().stream()
                .filter(o -> o.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Every input member of {@code operation}, nested structure members included. */
    static List<Member> inputMembers(String operation) {
        JsonNode input = MODEL.path("operations").path(operation).path("input");
        List<Member> members = new ArrayList<>();
        if (!input.isMissingNode()) {
            walk(operation, shape(input.path("shape").asText()), List.of(), true, members);
        }
        return members;
    }

    private static void walk(
            String operation, JsonNode structure, List<String> prefix, boolean parentRequired, List<Member> out) {
        List<String> required = new ArrayList<>();
        structure.path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        structure.path("members").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<String> path = new ArrayList<>(prefix);
            path.add(entry.getKey());
            JsonNode shape = shape(entry.getValue().path("shape").asText());
            String location = entry.getValue().path("location").asText("body");
            boolean isRequired = required.contains(entry.getKey());
            out.add(new Member(operation, List.copyOf(path), location, shape, isRequired, parentRequired));
            if (shape.path("type").asText().equals("structure")) {
                walk(operation, shape, path, parentRequired && isRequired, out);
            }
        }
    }

    /** The query-string or path name of a member, which may differ from its member name. */
    static String wireName(String operation, String member) {
        JsonNode input = shape(MODEL.path("operations")
                .path(operation)
                .path("input")
                .path("shape")
                .asText());
        return input.path("members").path(member).path("locationName").asText(member);
    }

    static JsonNode shape(String name) {
        return MODEL.path("shapes").path(name);
    }

    private static JsonNode load() {
        try (InputStream in = SignerModel.class.getResourceAsStream("/aws/signer-2017-08-25.service-2.json")) {
            if (in == null) {
                throw new IllegalStateException("aws/signer-2017-08-25.service-2.json is not on the test classpath");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
