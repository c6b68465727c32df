package dev.signet.server.http.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.RawRequests;
import dev.signet.server.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Validation cases generated from the Lambda model's constraints: for every operation, every member
 * with a length, range, pattern or enum gets a value that breaks it, and every required member is
 * left out; each must be an InvalidParameterValueException (400) and change nothing. A baseline
 * request per operation, built the same way, must succeed, so a case fails only through its
 * violation.
 */
class LambdaModelValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNode MODEL = loadModel();
    private static final String PUBLISHER = LambdaApiIntegrationTest.PUBLISHER;
    private static final AtomicInteger FUNCTIONS = new AtomicInteger();

    static TestServer server;
    static LambdaClient lambda;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        lambda = server.lambda();
    }

    @AfterAll
    static void stop() {
        lambda.close();
        server.close();
    }

    private static JsonNode loadModel() {
        try (InputStream in = LambdaModelValidationTest.class.getResourceAsStream(
                "/aws/lambda-2015-03-31.code-signing-subset.json")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request: path labels, query members and body, editable by a violation. */
    record Request(Map<String, String> labels, Map<String, String> query, ObjectNode body) {}

    record Case(String operation, String description, Consumer<Request> violation) {
        @Override
        public String toString() {
            return operation + ": " + description;
        }
    }

    static Stream<String> operations() {
        List<String> names = new ArrayList<>();
        MODEL.get("operations").fieldNames().forEachRemaining(names::add);
        return names.stream();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        operations().forEach(operation -> {
            JsonNode input =
                    shape(MODEL.at("/operations/" + operation + "/input/shape").asText());
            for (Iterator<Map.Entry<String, JsonNode>> it = input.get("members").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String location = member.getValue().path("location").asText("body");
                String name = member.getValue().path("locationName").asText(member.getKey());
                List<String> path = List.of(name);
                violations(
                        operation,
                        location,
                        path,
                        member.getValue().get("shape").asText(),
                        cases);
                if (required(input, member.getKey()) && location.equals("body")) {
                    cases.add(
                            new Case(operation, name + " missing", r -> r.body().remove(name)));
                }
            }
        });
        return cases.stream();
    }

    private static void violations(
            String operation, String location, List<String> path, String shapeName, List<Case> cases) {
        JsonNode shape = shape(shapeName);
        String where = String.join(".", path);
        switch (shape.get("type").asText()) {
            case "string" -> {
                if (shape.has("enum")) {
                    cases.add(new Case(operation, where + " outside the enum", set(location, path, "NotInTheEnum")));
                }
                if (shape.has("max")) {
                    int max = shape.get("max").asInt();
                    cases.add(new Case(
                            operation,
                            where + " of " + (max + 1) + " characters",
                            set(location, path, "a".repeat(max + 1))));
                }
                if (shape.path("min").asInt(0) > 0 && !location.equals("uri")) {
                    cases.add(new Case(operation, where + " empty", set(location, path, "")));
                }
                if (shape.has("pattern")) {
                    cases.add(new Case(
                            operation, where + " not matching its pattern", set(location, path, "bad value!")));
                }
            }
            case "integer" -> {
                if (shape.has("min")) {
                    int min = shape.get("min").asInt();
                    cases.add(new Case(operation, where + " below " + min, set(location, path, min - 1)));
                }
                if (shape.has("max")) {
                    int max = shape.get("max").asInt();
                    cases.add(new Case(operation, where + " above " + max, set(location, path, max + 1)));
                }
            }
            case "list" -> {
                String member = shape.at("/member/shape").asText();
                if (shape.path("min").asInt(0) > 0) {
                    cases.add(new Case(operation, where + " empty", set(location, path, JSON.createArrayNode())));
                }
                if (shape.has("max")) {
                    ArrayNode tooMany = JSON.createArrayNode();
                    for (int i = 0; i <= shape.get("max").asInt(); i++) {
                        tooMany.add(valid(member));
                    }
                    cases.add(new Case(
                            operation, where + " with " + tooMany.size() + " members", set(location, path, tooMany)));
                }
                List<Case> memberCases = new ArrayList<>();
                violations(operation, "body", List.of("element"), member, memberCases);
                for (Case c : memberCases) {
                    cases.add(new Case(operation, c.description().replaceFirst("^element", where + "[0]"), r -> {
                        ArrayNode list = JSON.createArrayNode();
                        list.add(valid(member));
                        Request element = new Request(
                                new LinkedHashMap<>(),
                                new LinkedHashMap<>(),
                                JSON.createObjectNode().set("element", list.get(0)));
                        c.violation().accept(element);
                        list.set(0, element.body().get("element"));
                        set(location, path, list).accept(r);
                    }));
                }
            }
            case "structure" -> {
                for (Iterator<Map.Entry<String, JsonNode>> it =
                                shape.get("members").fields();
                        it.hasNext(); ) {
                    Map.Entry<String, JsonNode> m = it.next();
                    List<String> child = new ArrayList<>(path);
                    child.add(m.getKey());
                    violations(
                            operation,
                            location,
                            child,
                            m.getValue().get("shape").asText(),
                            cases);
                    if (required(shape, m.getKey())) {
                        cases.add(new Case(operation, String.join(".", child) + " missing", r -> {
                            ObjectNode parent = parent(r.body(), path, true);
                            parent.set(path.get(path.size() - 1), valid(shapeName));
                            ((ObjectNode) parent.get(path.get(path.size() - 1))).remove(m.getKey());
                        }));
                    }
                }
            }
            default -> {}
        }
    }

    private static boolean required(JsonNode shape, String member) {
        for (JsonNode r : shape.path("required")) {
            if (r.asText().equals(member)) {
                return true;
            }
        }
        return false;
    }

    private static Consumer<Request> set(String location, List<String> path, Object value) {
        JsonNode node = JSON.valueToTree(value);
        return r -> {
            switch (location) {
                case "uri" -> r.labels().put(path.get(0), node.asText());
                case "querystring" -> r.query().put(path.get(0), node.asText());
                default -> parent(r.body(), path, true).set(path.get(path.size() - 1), node);
            }
        };
    }

    /** The object holding the last element of {@code path}, creating valid parents on the way. */
    private static ObjectNode parent(ObjectNode body, List<String> path, boolean create) {
        ObjectNode node = body;
        for (String step : path.subList(0, path.size() - 1)) {
            if (!(node.get(step) instanceof ObjectNode)) {
                node.set(step, JSON.createObjectNode());
            }
            node = (ObjectNode) node.get(step);
        }
        return node;
    }

    private static JsonNode shape(String name) {
        return MODEL.get("shapes").get(name);
    }

    /** A valid value of a shape, for members a request needs besides the one under test. */
    private static JsonNode valid(String shapeName) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (shapeName) {
            case "Arn" -> f.textNode(PUBLISHER);
            case "AllowedPublishers" -> {
                ObjectNode o = f.objectNode();
                o.putArray("SigningProfileVersionArns").add(PUBLISHER);
                yield o;
            }
            case "CodeSigningPolicies" -> f.objectNode().put("UntrustedArtifactOnDeployment", "Warn");
            default -> throw new IllegalStateException("no valid value for " + shapeName);
        };
    }

    /** The smallest valid request of the operation over a fresh config and function. */
    private static Request baseline(String operation) {
        String csc = lambda.createCodeSigningConfig(
                        b -> b.allowedPublishers(p -> p.signingProfileVersionArns(PUBLISHER)))
                .codeSigningConfig()
                .codeSigningConfigArn();
        String function = "model-fn-" + FUNCTIONS.incrementAndGet();
        if (operation.equals("GetFunctionCodeSigningConfig") || operation.equals("DeleteFunctionCodeSigningConfig")) {
            lambda.putFunctionCodeSigningConfig(b -> b.functionName(function).codeSigningConfigArn(csc));
        }
        Request r = new Request(new LinkedHashMap<>(), new LinkedHashMap<>(), JSON.createObjectNode());
        r.labels().put("CodeSigningConfigArn", csc);
        r.labels().put("FunctionName", function);
        switch (operation) {
            case "CreateCodeSigningConfig" -> r.body().set("AllowedPublishers", valid("AllowedPublishers"));
            case "PutFunctionCodeSigningConfig" -> r.body().put("CodeSigningConfigArn", csc);
            default -> {}
        }
        return r;
    }

    private static HttpResponse<String> send(String operation, Request r) throws Exception {
        JsonNode http = MODEL.at("/operations/" + operation + "/http");
        String path = http.get("requestUri").asText();
        for (Map.Entry<String, String> label : r.labels().entrySet()) {
            path = path.replace("{" + label.getKey() + "}", encode(label.getValue()));
        }
        StringBuilder query = new StringBuilder();
        r.query()
                .forEach((k, v) -> query.append(query.length() == 0 ? "?" : "&")
                        .append(encode(k))
                        .append('=')
                        .append(encode(v)));
        String method = http.get("method").asText();
        boolean hasBody = method.equals("POST") || method.equals("PUT");
        byte[] body = hasBody ? JSON.writeValueAsBytes(r.body()) : new byte[0];
        return RawRequests.signedSend(
                method,
                URI.create(server.endpoint() + path + query),
                "lambda",
                server.credentials(),
                Clock.systemUTC(),
                body,
                hasBody ? Map.of("Content-Type", "application/json") : Map.of());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void theBaselineRequestOfEveryOperationSucceeds(String operation) throws Exception {
        HttpResponse<String> response = send(operation, baseline(operation));

        assertThat(response.statusCode())
                .as("%s -> %s", operation, response.body())
                .isEqualTo(MODEL.at("/operations/" + operation + "/http/responseCode")
                        .asInt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyConstraintViolationIsAnInvalidParameterValue(Case c) throws Exception {
        Request request = baseline(c.operation());
        c.violation().accept(request);
        int before = lambda.listCodeSigningConfigs(b -> b.maxItems(10000))
                .codeSigningConfigs()
                .size();

        HttpResponse<String> response = send(c.operation(), request);

        assertThat(response.statusCode()).as("%s -> %s", c, response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Amzn-ErrorType")).contains("InvalidParameterValueException");
        assertThat(lambda.listCodeSigningConfigs(b -> b.maxItems(10000)).codeSigningConfigs())
                .hasSize(before);
    }
}
