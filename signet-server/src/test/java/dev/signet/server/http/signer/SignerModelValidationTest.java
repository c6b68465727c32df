package dev.signet.server.http.signer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.server.http.RawRequests;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Validation tests generated from the AWS model: for every operation and every constrained input
 * member (required, min/max length, pattern, enum, numeric range, list and map sizes, blob sizes,
 * timestamps), a request that is valid except for that one member is sent, hand-signed (the SDK
 * would refuse some of them client-side), and must get a 4xx with the error type the operation
 * names and a message naming the member. Nothing is random.
 */
class SignerModelValidationTest {
    static final String CMS = "Signet-CMS-SHA256-ECDSA";
    static final String DIGEST_FORMAT = "application/vnd.signet.digest+sha256";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Optional parent structures given valid content when one of their members is the one under test. */
    private static final Map<String, Map<String, Object>> OPTIONAL_PARENTS = Map.of(
            "signatureValidityPeriod", Map.of("value", 12L, "type", "MONTHS"),
            "signingMaterial", Map.of("certificateArn", "arn:aws:acm:us-east-1:000000000000:certificate/x"));

    @TempDir
    static Path dir;

    static SignerTestServer server;
    static Map<String, Object> baseline;

    /** One generated request: {@code member} of {@code operation} set to {@code value}, or omitted. */
    record Case(String operation, SignerModel.Member member, String kind, Object value) {
        static final Object OMITTED = new Object();

        String hint() {
            String name =
                    member.path().get(0).equals("tags") || member.path().get(0).equals("tagKeys")
                            ? "tag"
                            : member.name();
            return name;
        }

        @Override
        public String toString() {
            return operation + " " + String.join(".", member.path()) + " " + kind;
        }
    }

    @BeforeAll
    static void start() {
        server = new SignerTestServer(dir.resolve("data"));
        var profile = server.signer.putSigningProfile(
                b -> b.profileName("validation_profile").platformId(CMS));
        String jobId = server.signer
                .signPayload(b -> b.profileName("validation_profile")
                        .payload(SdkBytes.fromByteArray(new byte[32]))
                        .payloadFormat(DIGEST_FORMAT))
                .jobId();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("profileName", "validation_profile");
        values.put("platformId", CMS);
        values.put("profileVersion", profile.profileVersion());
        values.put("statementId", "ValidationStatement");
        values.put("action", "signer:SignPayload");
        values.put("principal", "111122223333");
        values.put("revisionId", "no-such-revision");
        values.put("jobId", jobId);
        values.put("reason", "validation test");
        values.put("effectiveTime", Instant.now().getEpochSecond() - 60);
        values.put("signatureTimestamp", Instant.now().toString());
        values.put("profileVersionArn", profile.profileVersionArn());
        values.put("jobArn", "arn:aws:signer:us-east-1:000000000000:/signing-jobs/" + jobId);
        values.put("certificateHashes", List.of("00"));
        values.put("resourceArn", profile.arn());
        values.put("tags", Map.of("k", "v"));
        values.put("tagKeys", List.of("k"));
        values.put("payload", Base64.getEncoder().encodeToString(new byte[32]));
        values.put("payloadFormat", DIGEST_FORMAT);
        values.put("clientRequestToken", "validation-token");
        values.put("source", Map.of("s3", Map.of("bucketName", "b", "key", "k", "version", "v")));
        values.put("destination", Map.of("s3", Map.of("bucketName", "b")));
        baseline = values;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (SignerModel.Operation op : SignerModel.operations()) {
            for (SignerModel.Member m : SignerModel.inputMembers(op.name())) {
                cases.addAll(casesFor(op.name(), m));
            }
        }
        return cases.stream();
    }

    private static List<Case> casesFor(String op, SignerModel.Member m) {
        List<Case> out = new ArrayList<>();
        boolean uri = m.location().equals("uri");
        boolean reachable =
                m.parentRequired() || OPTIONAL_PARENTS.containsKey(m.path().get(0));
        if (!reachable) {
            // a member of an optional structure (e.g. overrides) is still checked when sent
            reachable = m.path().size() > 1;
        }
        if (m.required()
                && !uri
                && (m.parentRequired() || OPTIONAL_PARENTS.containsKey(m.path().get(0)))) {
            out.add(new Case(op, m, "omitted", Case.OMITTED));
        }
        if (!reachable) {
            return out;
        }
        switch (m.type()) {
            case "string" -> stringCases(m.shape(), uri).forEach((kind, v) -> out.add(new Case(op, m, kind, v)));
            case "integer" -> {
                m.min().ifPresent(min -> out.add(new Case(op, m, "belowMin", min - 1)));
                m.max().ifPresent(max -> out.add(new Case(op, m, "aboveMax", max + 1)));
            }
            case "blob" -> {
                m.min().ifPresent(min -> out.add(new Case(op, m, "tooShort", base64((int) (min - 1)))));
                m.max().ifPresent(max -> out.add(new Case(op, m, "tooLong", base64((int) (max + 1)))));
            }
            case "timestamp" -> out.add(new Case(op, m, "notATimestamp", "yesterday"));
            case "list" -> {
                JsonNode element = m.element("member");
                m.min().filter(min -> min > 0).ifPresent(min -> out.add(new Case(op, m, "tooFew", List.of())));
                m.max().ifPresent(max -> out.add(new Case(op, m, "tooMany", validStrings(element, (int) (max + 1)))));
                stringCases(element, false)
                        .forEach((kind, v) -> out.add(new Case(op, m, "element-" + kind, List.of(v))));
            }
            case "map" -> {
                JsonNode key = m.element("key");
                JsonNode value = m.element("value");
                m.min().filter(min -> min > 0).ifPresent(min -> out.add(new Case(op, m, "tooFew", Map.of())));
                m.max().ifPresent(max -> {
                    Map<String, String> many = new LinkedHashMap<>();
                    validStrings(key, (int) (max + 1)).forEach(k -> many.put(k, "v"));
                    out.add(new Case(op, m, "tooMany", many));
                });
                stringCases(key, false).forEach((kind, k) -> out.add(new Case(op, m, "key-" + kind, Map.of(k, "v"))));
                stringCases(value, false)
                        .forEach((kind, v) -> out.add(new Case(op, m, "value-" + kind, Map.of("k", v))));
            }
            default -> {}
        }
        return out;
    }

    /** Values that break one string constraint each; a URI label is never sent empty. */
    private static Map<String, String> stringCases(JsonNode shape, boolean uri) {
        Map<String, String> cases = new LinkedHashMap<>();
        String fill = filler(shape);
        long min = shape.path("min").asLong(0);
        if (min > 0 && !(uri && min == 1)) {
            cases.put("tooShort", fill.repeat((int) min - 1));
        }
        if (shape.has("max")) {
            cases.put("tooLong", fill.repeat((int) shape.get("max").asLong() + 1));
        }
        if (shape.has("pattern")) {
            int length = (int) Math.max(min, 2);
            if (shape.has("max")) {
                length = (int) Math.min(length, shape.get("max").asLong());
            }
            cases.put("badPattern", "!".repeat(length));
        }
        if (shape.has("enum")) {
            cases.put("badEnum", "NotAnAllowedValue");
        }
        return cases;
    }

    /** A character every pattern of the model accepts for that shape. */
    private static String filler(JsonNode shape) {
        String pattern = shape.path("pattern").asText("");
        if (pattern.contains("[0-9]{12}")) {
            return "1";
        }
        return pattern.contains("{10}") ? "A" : "a";
    }

    private static List<String> validStrings(JsonNode shape, int count) {
        if (shape.has("enum")) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                values.add(shape.get("enum").get(i % shape.get("enum").size()).asText());
            }
            return values;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder("k");
            for (int n = i; n >= 0; n = n / 26 - 1) {
                key.append((char) ('a' + n % 26));
            }
            values.add(key.toString());
        }
        return values;
    }

    private static String base64(int bytes) {
        return Base64.getEncoder().encodeToString(new byte[bytes]);
    }

    @Test
    void theModelYieldsCasesForEveryOperationWithConstrainedInput() {
        Set<String> operations = cases().map(Case::operation).collect(Collectors.toSet());
        assertThat(operations)
                .contains(
                        "AddProfilePermission",
                        "GetRevocationStatus",
                        "GetSigningProfile",
                        "ListProfilePermissions",
                        "ListSigningJobs",
                        "ListSigningPlatforms",
                        "ListSigningProfiles",
                        "PutSigningProfile",
                        "RemoveProfilePermission",
                        "RevokeSignature",
                        "RevokeSigningProfile",
                        "SignPayload",
                        "StartSigningJob",
                        "TagResource",
                        "UntagResource",
                        "CancelSigningProfile");
        assertThat(cases().count()).isGreaterThan(60);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyConstraintOfTheModelIsEnforced(Case c) throws Exception {
        SignerModel.Operation op = SignerModel.operation(c.operation());
        HttpResponse<String> response = send(op, c);

        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        String type = response.headers().firstValue("X-Amzn-ErrorType").orElse("");
        if (op.errors().contains("ValidationException")) {
            assertThat(type).as(response.body()).startsWith("ValidationException");
        } else if (op.errors().contains("BadRequestException")) {
            assertThat(type).as(response.body()).startsWith("BadRequestException");
        } else {
            assertThat(type).as(response.body()).matches("(ValidationException|BadRequestException).*");
        }
        assertThat(JSON.readTree(response.body()).path("message").asText()).containsIgnoringCase(c.hint());
        if (Boolean.getBoolean("signet.debugCases")) {
            System.out.println("CASE " + c + " -> " + response.statusCode() + " " + type + " " + response.body());
        }
    }

    /** The unmutated requests of the reading operations succeed, so each case fails for its one member. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("readingOperations")
    void baselineRequestsOfReadingOperationsSucceed(String operation) throws Exception {
        SignerModel.Operation op = SignerModel.operation(operation);
        HttpResponse<String> response = send(op, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static Stream<String> readingOperations() {
        return SignerModel.operations().stream()
                .filter(op -> op.method().equals("GET"))
                .map(SignerModel.Operation::name);
    }

    static Stream<String> operationsWithABody() {
        return SignerModel.operations().stream()
                .filter(op -> SignerModel.inputMembers(op.name()).stream()
                        .anyMatch(m -> m.path().size() == 1 && m.location().equals("body")))
                .map(SignerModel.Operation::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsWithABody")
    void malformedJsonIsA400NeverA500(String operation) throws Exception {
        SignerModel.Operation op = SignerModel.operation(operation);
        for (String body : List.of("{\"profileName\":", "[1,2]", "\"text\"", "{\"a\":1}}", "\u0000\u00ff")) {
            HttpResponse<String> response = RawRequests.signedSend(
                    op.method(),
                    uri(op, Map.of()),
                    "signer",
                    server.server.credentials(),
                    Clock.systemUTC(),
                    body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"));
            assertThat(response.statusCode())
                    .as(body + " -> " + response.body())
                    .isEqualTo(400);
            assertThat(response.headers().firstValue("X-Amzn-ErrorType").orElse(""))
                    .matches("(ValidationException|BadRequestException).*");
        }
    }

    /** Sends {@code op} with its baseline members, {@code c} applied when not null. */
    private static HttpResponse<String> send(SignerModel.Operation op, Case c) throws Exception {
        Map<String, Object> top = new LinkedHashMap<>();
        for (SignerModel.Member m : SignerModel.inputMembers(op.name())) {
            if (m.path().size() == 1 && (m.required() || m.location().equals("uri"))) {
                top.put(m.name(), baseline.get(m.name()));
            }
        }
        ObjectNode tree;
        if (c == null) {
            tree = JSON.valueToTree(top);
        } else {
            String first = c.member().path().get(0);
            if (c.member().path().size() > 1 && !top.containsKey(first)) {
                top.put(first, OPTIONAL_PARENTS.getOrDefault(first, Map.of()));
            }
            tree = JSON.valueToTree(top);
            set(tree, c.member().path(), c.value());
        }

        Map<String, Object> query = new LinkedHashMap<>();
        ObjectNode body = JSON.createObjectNode();
        Map<String, String> labels = new LinkedHashMap<>();
        for (SignerModel.Member m : SignerModel.inputMembers(op.name())) {
            if (m.path().size() != 1 || !tree.has(m.name())) {
                continue;
            }
            JsonNode value = tree.get(m.name());
            switch (m.location()) {
                case "uri" -> labels.put(m.name(), value.asText());
                case "querystring" -> query.put(SignerModel.wireName(op.name(), m.name()), value);
                default -> body.set(m.name(), value);
            }
        }
        byte[] bytes = body.isEmpty() ? new byte[0] : JSON.writeValueAsBytes(body);
        URI uri = URI.create(uri(op, labels) + queryString(query));
        return RawRequests.signedSend(
                op.method(),
                uri,
                "signer",
                server.server.credentials(),
                Clock.systemUTC(),
                bytes,
                bytes.length == 0 ? Map.of() : Map.of("Content-Type", "application/json"));
    }

    private static void set(ObjectNode tree, List<String> path, Object value) {
        ObjectNode parent = tree;
        for (String step : path.subList(0, path.size() - 1)) {
            JsonNode child = parent.get(step);
            parent = child instanceof ObjectNode object ? object : parent.putObject(step);
        }
        String leaf = path.get(path.size() - 1);
        if (value == Case.OMITTED) {
            parent.remove(leaf);
        } else {
            parent.set(leaf, JSON.valueToTree(value));
        }
    }

    private static URI uri(SignerModel.Operation op, Map<String, String> labels) {
        String path = op.requestUri();
        for (String label : List.of("profileName", "statementId", "jobId", "platformId", "resourceArn")) {
            String value = labels.getOrDefault(label, String.valueOf(baseline.get(label)));
            path = path.replace("{" + label + "}", encode(value));
        }
        return URI.create(server.server.endpoint() + path);
    }

    private static String queryString(Map<String, Object> query) {
        List<String> pairs = new ArrayList<>();
        query.forEach((name, value) -> {
            JsonNode node = (JsonNode) value;
            if (node.isArray()) {
                node.forEach(v -> pairs.add(encode(name) + "=" + encode(v.asText())));
            } else {
                pairs.add(encode(name) + "=" + encode(node.asText()));
            }
        });
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
