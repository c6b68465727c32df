package dev.signet.core.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an IAM policy document strictly: every element IAM defines, nothing else. A document that
 * is too large, not JSON, has an unknown or duplicate key, a value of the wrong type, an empty
 * list, a missing Effect or Action, both Action and NotAction (or Resource and NotResource,
 * Principal and NotPrincipal), a Principal where the {@link PolicyKind} forbids one, an unknown
 * condition operator or a value its operator cannot read is refused with a {@link
 * MalformedPolicyException} naming the problem; nothing about it is evaluated.
 */
public final class PolicyParser {
    /** IAM's limits (characters, white space not counted), enforced by whoever stores policies. */
    public static final int MANAGED_POLICY_MAX = 6144;

    public static final int USER_INLINE_MAX = 2048;
    public static final int ROLE_INLINE_MAX = 10240;
    public static final int GROUP_INLINE_MAX = 5120;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(16).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_KEYS = Set.of(
            "Sid",
            "Effect",
            "Action",
            "NotAction",
            "Resource",
            "NotResource",
            "Principal",
            "NotPrincipal",
            "Condition");
    private static final Pattern IAM_SID = Pattern.compile("[A-Za-z0-9]*");
    private static final Pattern RESOURCE_SID = Pattern.compile("[\\x20-\\x7e]{0,256}");

    private PolicyParser() {}

    /**
     * Parses and compiles {@code document}.
     *
     * @param maxChars the most characters the document may have, white space not counted (IAM's
     *     way of counting); see the constants for IAM's limits
     * @throws MalformedPolicyException naming what is wrong
     */
    public static Policy parse(String document, PolicyKind kind, int maxChars) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(kind, "kind");
        long counted = document.chars().filter(c -> !Character.isWhitespace(c)).count();
        if (counted > maxChars || document.length() > 16L * maxChars + 4096) {
            throw new MalformedPolicyException("the policy document has " + counted
                    + " characters (white space not counted); at most " + maxChars + " are allowed");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            throw new MalformedPolicyException("the policy document is not valid JSON: "
                    + (reason.length() > 160 ? reason.substring(0, 160) + "..." : reason));
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPolicyException("the policy document must be a JSON object");
        }
        unknownKeys(root, TOP_LEVEL, "the policy document");
        String version = Policy.VERSION_2008;
        if (root.has("Version")) {
            version = text(root.get("Version"), "Version");
            if (!version.equals(Policy.VERSION_2012) && !version.equals(Policy.VERSION_2008)) {
                throw new MalformedPolicyException("Version \"" + version + "\" is not 2012-10-17 or 2008-10-17");
            }
        }
        Optional<String> id = root.has("Id") ? Optional.of(text(root.get("Id"), "Id")) : Optional.empty();
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null) {
            throw new MalformedPolicyException("the policy document has no Statement");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else {
            nodes.add(statementNode);
        }
        if (nodes.isEmpty()) {
            throw new MalformedPolicyException("Statement must not be an empty list");
        }
        boolean variables = version.equals(Policy.VERSION_2012);
        Set<String> sids = new HashSet<>();
        List<Statement> statements = new ArrayList<>();
        for (JsonNode node : nodes) {
            Statement statement = statement(node, statements.size(), kind, variables);
            statement.sid().filter(s -> !s.isEmpty()).ifPresent(sid -> {
                if (!sids.add(sid)) {
                    throw new MalformedPolicyException(
                            "Statement IDs (SID) in a single policy must be unique: \"" + sid + "\" appears twice");
                }
            });
            statements.add(statement);
        }
        return new Policy(kind, version, id, statements, StatementSpans.of(document));
    }

    private static Statement statement(JsonNode node, int index, PolicyKind kind, boolean variables) {
        String where = "Statement " + (index + 1);
        if (!node.isObject()) {
            throw new MalformedPolicyException(where + " must be a JSON object");
        }
        unknownKeys(node, STATEMENT_KEYS, where);
        Optional<String> sid = Optional.empty();
        if (node.has("Sid")) {
            String value = text(node.get("Sid"), where + " Sid");
            Pattern allowed = kind == PolicyKind.RESOURCE ? RESOURCE_SID : IAM_SID;
            if (!allowed.matcher(value).matches()) {
                throw new MalformedPolicyException(where + " Sid \"" + value + "\" may hold only "
                        + (kind == PolicyKind.RESOURCE ? "printable ASCII (at most 256)" : "ASCII letters and digits"));
            }
            sid = Optional.of(value);
            where = where + " (Sid " + value + ")";
        }
        Effect effect = effect(node.get("Effect"), where);
        String actionKey = exactlyOne(node, "Action", "NotAction", where, true);
        List<ActionPattern> actions = new ArrayList<>();
        for (String action : strings(node.get(actionKey), where + " " + actionKey)) {
            actions.add(ActionPattern.compile(action));
        }
        String resourceKey = exactlyOne(node, "Resource", "NotResource", where, kind == PolicyKind.IDENTITY);
        if (kind == PolicyKind.TRUST && resourceKey != null) {
            throw new MalformedPolicyException(
                    where + " has prohibited field " + resourceKey + " (a trust policy applies to its role)");
        }
        List<ArnPattern> resources = new ArrayList<>();
        if (resourceKey != null) {
            for (String resource : strings(node.get(resourceKey), where + " " + resourceKey)) {
                resources.add(ArnPattern.compile(resource, variables, where + " " + resourceKey));
            }
        }
        String principalKey = exactlyOne(node, "Principal", "NotPrincipal", where, kind != PolicyKind.IDENTITY);
        if (kind == PolicyKind.IDENTITY && principalKey != null) {
            throw new MalformedPolicyException(
                    where + ": an identity-based policy should not specify a principal (" + principalKey + ")");
        }
        Optional<PrincipalSpec> principal = Optional.empty();
        if (principalKey != null) {
            PrincipalSpec spec = PrincipalSpec.parse(node.get(principalKey), where + " " + principalKey);
            if (principalKey.equals("NotPrincipal")
                    && (spec.isWildcard() || (kind == PolicyKind.TRUST && effect == Effect.ALLOW))) {
                throw new MalformedPolicyException(where + ": NotPrincipal "
                        + (spec.isWildcard() ? "cannot be \"*\"" : "with Allow is not allowed in a trust policy"));
            }
            principal = Optional.of(spec);
        }
        List<ConditionClause> conditions =
                node.has("Condition") ? ConditionParser.conditions(node.get("Condition"), where, variables) : List.of();
        return new Statement(
                index,
                sid,
                effect,
                actions,
                "NotAction".equals(actionKey),
                resources,
                "NotResource".equals(resourceKey),
                principal,
                "NotPrincipal".equals(principalKey),
                conditions);
    }

    private static Effect effect(JsonNode node, String where) {
        if (node == null) {
            throw new MalformedPolicyException(where + " is missing required field Effect");
        }
        return switch (text(node, where + " Effect")) {
            case "Allow" -> Effect.ALLOW;
            case "Deny" -> Effect.DENY;
            default ->
                throw new MalformedPolicyException(
                        where + " Effect must be \"Allow\" or \"Deny\", got \"" + node.textValue() + "\"");
        };
    }

    /** Which of two exclusive keys the statement has (null if neither and not required). */
    private static String exactlyOne(JsonNode node, String positive, String negative, String where, boolean required) {
        boolean hasPositive = node.has(positive);
        boolean hasNegative = node.has(negative);
        if (hasPositive && hasNegative) {
            throw new MalformedPolicyException(
                    where + " has both " + positive + " and " + negative + "; at most one is allowed");
        }
        if (!hasPositive && !hasNegative) {
            if (required) {
                throw new MalformedPolicyException(
                        where + " is missing required field " + positive + " (or " + negative + ")");
            }
            return null;
        }
        return hasPositive ? positive : negative;
    }

    /** A string, or a non-empty array of strings. */
    static List<String> strings(JsonNode node, String where) {
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new MalformedPolicyException(
                    where + " must be a string or an array of strings, got " + node.getNodeType());
        }
        if (node.isEmpty()) {
            throw new MalformedPolicyException(where + " must not be an empty list");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new MalformedPolicyException(where + " must hold only strings, got " + item.getNodeType());
            }
            out.add(item.textValue());
        }
        return out;
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw new MalformedPolicyException(where + " must be a string, got " + node.getNodeType());
        }
        return node.textValue();
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new MalformedPolicyException(where + " has an unknown field \"" + name + "\"");
            }
        }
    }
}
