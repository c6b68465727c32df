package dev.signet.server.http.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.core.verify.UntrustedArtifactAction;
import dev.signet.server.http.Json;
import dev.signet.server.service.Validation;
import dev.signet.server.service.csc.CreateCscRequest;
import dev.signet.server.service.csc.LambdaErrors;
import dev.signet.server.service.csc.UpdateCscRequest;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes Lambda code-signing-config request bodies and query members into service requests. A
 * body that is not a JSON object, or has a member twice in one object, is an
 * InvalidRequestContentException; a member of the wrong JSON
 * type, a missing required member or a value the model does not allow is an
 * InvalidParameterValueException naming the member. JSON {@code null} counts as absent; unknown
 * members are ignored, as AWS does.
 */
final class LambdaRequests {
    private static final int MAX_DEPTH = 16;
    /** The wire names of {@code CodeSigningPolicy}, in the model's order: [Warn, Enforce]. */
    private static final List<String> ACTIONS = Arrays.stream(UntrustedArtifactAction.values())
            .map(UntrustedArtifactAction::awsName)
            .toList();

    private LambdaRequests() {}

    static CreateCscRequest create(ObjectMapper mapper, byte[] body) {
        ObjectNode root = parse(mapper, body);
        return new CreateCscRequest(
                string(root, "Description"),
                publishers(root).orElseThrow(() -> LambdaErrors.invalidParameter("AllowedPublishers is required")),
                policy(root),
                tags(root));
    }

    static UpdateCscRequest update(ObjectMapper mapper, byte[] body) {
        ObjectNode root = parse(mapper, body);
        return new UpdateCscRequest(string(root, "Description"), publishers(root), policy(root));
    }

    /** {@code CodeSigningConfigArn} of PutFunctionCodeSigningConfig: required. */
    static String cscArn(ObjectMapper mapper, byte[] body) {
        return string(parse(mapper, body), "CodeSigningConfigArn")
                .orElseThrow(() -> LambdaErrors.invalidParameter("CodeSigningConfigArn is required"));
    }

    static Optional<String> marker(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("Marker")).filter(m -> !m.isEmpty());
    }

    static Optional<Integer> maxItems(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("MaxItems"))
                .filter(m -> !m.isEmpty())
                .map(v -> {
                    try {
                        return Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        throw LambdaErrors.invalidParameter(
                                "MaxItems must be an integer, got '" + Validation.printable(v) + "'");
                    }
                });
    }

    private static ObjectNode parse(ObjectMapper mapper, byte[] body) {
        if (body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode parsed;
        try {
            parsed = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw LambdaErrors.invalidRequestContent(Json.duplicateMember(e)
                    .map(Json::duplicateMessage)
                    .orElse("Could not parse request body into json"));
        } catch (IOException e) {
            throw LambdaErrors.invalidRequestContent("request body could not be read");
        }
        if (parsed == null || parsed.isMissingNode()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!(parsed instanceof ObjectNode object)) {
            throw LambdaErrors.invalidRequestContent("request body must be a JSON object");
        }
        if (depth(object, 0) > MAX_DEPTH) {
            throw LambdaErrors.invalidRequestContent("request body is nested too deeply");
        }
        return object;
    }

    private static Optional<List<String>> publishers(ObjectNode root) {
        return object(root, "AllowedPublishers").map(publishers -> {
            JsonNode arns = publishers.get("SigningProfileVersionArns");
            if (arns == null || arns.isNull()) {
                throw LambdaErrors.invalidParameter("AllowedPublishers.SigningProfileVersionArns is required");
            }
            if (!arns.isArray()) {
                throw wrongType("AllowedPublishers.SigningProfileVersionArns", "a list of strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode arn : arns) {
                if (!arn.isTextual()) {
                    throw wrongType("AllowedPublishers.SigningProfileVersionArns", "a list of strings");
                }
                list.add(arn.textValue());
            }
            return list;
        });
    }

    private static Optional<UntrustedArtifactAction> policy(ObjectNode root) {
        return object(root, "CodeSigningPolicies")
                .flatMap(policies -> string(policies, "UntrustedArtifactOnDeployment"))
                .map(v -> UntrustedArtifactAction.fromAwsName(v)
                        .orElseThrow(() -> LambdaErrors.invalidParameter(
                                "CodeSigningPolicies.UntrustedArtifactOnDeployment must be one of " + ACTIONS
                                        + ", got '" + Validation.printable(v) + "'")));
    }

    private static Map<String, String> tags(ObjectNode root) {
        Map<String, String> tags = new LinkedHashMap<>();
        object(root, "Tags")
                .ifPresent(object -> object.fields().forEachRemaining(entry -> {
                    if (!entry.getValue().isTextual()) {
                        throw wrongType("Tags", "an object of string values");
                    }
                    tags.put(entry.getKey(), entry.getValue().textValue());
                }));
        return tags;
    }

    private static Optional<String> string(ObjectNode node, String member) {
        return value(node, member).map(v -> {
            if (!v.isTextual()) {
                throw wrongType(member, "a string");
            }
            return v.textValue();
        });
    }

    private static Optional<ObjectNode> object(ObjectNode node, String member) {
        return value(node, member).map(v -> {
            if (!(v instanceof ObjectNode object)) {
                throw wrongType(member, "an object");
            }
            return object;
        });
    }

    private static Optional<JsonNode> value(ObjectNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private static RuntimeException wrongType(String member, String expected) {
        return LambdaErrors.invalidParameter(member + " must be " + expected);
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
