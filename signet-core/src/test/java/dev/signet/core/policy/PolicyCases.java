package dev.signet.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The evaluator's table: {@code policy/cases/*.json}. Each file holds groups; a group holds the
 * policies (identity, resource with its resourceKind, boundary), the request defaults, the AWS
 * documentation page its expectations come from ({@code source}) and its cases. A case overrides
 * request fields (its {@code keys} are merged, a null key value removes the key), says the expected
 * outcome ({@code allowed}, {@code explicitDeny}, {@code implicitDeny}) and optionally the deciding
 * policy type, the Sids of the matched statements, and the AccessDenied message.
 */
final class PolicyCases {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One row of the table. */
    record Case(
            String file,
            String group,
            String name,
            String source,
            PolicySet policies,
            JsonNode request,
            JsonNode expect) {
        @Override
        public String toString() {
            return file + " / " + group + " / " + name;
        }
    }

    private PolicyCases() {}

    static List<Path> files() {
        URL dir = PolicyCases.class.getClassLoader().getResource("policy/cases");
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            return list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Case> load() {
        List<Case> out = new ArrayList<>();
        for (Path file : files()) {
            JsonNode root;
            try {
                root = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String fileName = file.getFileName().toString();
            for (JsonNode group : root.get("groups")) {
                String groupName = group.get("name").asText();
                PolicySet policies = policies(group);
                JsonNode defaults = group.has("request") ? group.get("request") : JSON.createObjectNode();
                for (JsonNode c : group.get("cases")) {
                    String source = c.has("source")
                            ? c.get("source").asText()
                            : group.path("source").asText("");
                    out.add(new Case(
                            fileName,
                            groupName,
                            c.get("name").asText(),
                            source,
                            policies,
                            merge(defaults, c.path("request")),
                            c));
                }
            }
        }
        return out;
    }

    private static PolicySet policies(JsonNode group) {
        List<AttachedPolicy> identity = new ArrayList<>();
        int n = 0;
        for (JsonNode policy : group.path("identity")) {
            n++;
            identity.add(new AttachedPolicy("identity-" + n, parse(policy, PolicyKind.IDENTITY)));
        }
        Optional<AttachedPolicy> resource = Optional.empty();
        if (group.has("resource")) {
            PolicyKind kind = PolicyKind.valueOf(group.path("resourceKind").asText("RESOURCE"));
            resource = Optional.of(new AttachedPolicy("resource", parse(group.get("resource"), kind)));
        }
        Optional<AttachedPolicy> boundary = group.has("boundary")
                ? Optional.of(new AttachedPolicy("boundary", parse(group.get("boundary"), PolicyKind.IDENTITY)))
                : Optional.empty();
        return new PolicySet(identity, resource, boundary);
    }

    private static Policy parse(JsonNode policy, PolicyKind kind) {
        return PolicyParser.parse(policy.toString(), kind, PolicyParser.ROLE_INLINE_MAX);
    }

    private static JsonNode merge(JsonNode defaults, JsonNode overrides) {
        ObjectNode out = defaults.deepCopy();
        if (overrides.isMissingNode()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = overrides.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("keys") && out.has("keys")) {
                ObjectNode keys = ((ObjectNode) out.get("keys")).deepCopy();
                field.getValue().fields().forEachRemaining(k -> keys.set(k.getKey(), k.getValue()));
                out.set("keys", keys);
            } else {
                out.set(field.getKey(), field.getValue());
            }
        }
        return out;
    }

    /** The request a case describes; principal shorthands: an ARN, "anonymous", "service:NAME", "federated:PROVIDER". */
    static RequestContext context(JsonNode request) {
        String principal = request.path("principal").asText("arn:aws:iam::111122223333:user/alice");
        Map<String, String> tags = new HashMap<>();
        request.path("principalTags")
                .fields()
                .forEachRemaining(t -> tags.put(t.getKey(), t.getValue().asText()));
        CallerPrincipal caller;
        if (principal.equals("anonymous")) {
            caller = CallerPrincipal.anonymous();
        } else if (principal.startsWith("service:")) {
            caller = CallerPrincipal.service(principal.substring("service:".length()));
        } else if (principal.startsWith("federated:")) {
            caller = CallerPrincipal.webIdentity(principal.substring("federated:".length()));
        } else if (principal.endsWith(":root")) {
            caller = CallerPrincipal.root(principal.split(":")[4]);
        } else if (principal.contains(":assumed-role/")) {
            String[] parts = principal.split(":");
            String role = parts[5].split("/")[1];
            String roleArn = request.path("roleArn").asText("arn:aws:iam::" + parts[4] + ":role/" + role);
            caller = CallerPrincipal.roleSession(principal, roleArn, "AROAEXAMPLE:" + parts[5].split("/")[2], tags);
        } else {
            caller = CallerPrincipal.user(principal, request.path("userId").asText("AIDAEXAMPLE"), tags);
        }
        RequestContext.Builder builder = RequestContext.builder(
                caller,
                request.path("action").asText("s3:GetObject"),
                request.path("resource").asText("*"));
        if (request.hasNonNull("resourceAccount")) {
            builder.resourceAccount(request.get("resourceAccount").asText());
        }
        request.path("keys").fields().forEachRemaining(k -> {
            JsonNode value = k.getValue();
            if (value.isNull()) {
                return;
            }
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(v -> values.add(v.asText()));
            } else {
                values.add(value.asText());
            }
            builder.key(k.getKey(), values);
        });
        return builder.build();
    }
}
