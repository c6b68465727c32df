package dev.signet.core.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a statement's Condition block into {@link ConditionClause}s: operator names exactly as IAM
 * spells them, with the {@code ForAnyValue:}/{@code ForAllValues:} prefixes and the {@code
 * IfExists} suffix; every value compiled for its operator, so a value the operator cannot read is
 * refused here rather than failing to match later.
 */
final class ConditionParser {
    private static final Pattern CONDITION_KEY = Pattern.compile("[\\x21-\\x7e]{1,256}");

    private ConditionParser() {}

    static List<ConditionClause> conditions(JsonNode node, String where, boolean variables) {
        if (!node.isObject() || node.isEmpty()) {
            throw new MalformedPolicyException(where + " Condition must be a non-empty object of condition operators");
        }
        List<ConditionClause> clauses = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String element = where + " Condition " + name;
            ConditionClause.Qualifier qualifier = ConditionClause.Qualifier.NONE;
            String base = name;
            if (base.startsWith("ForAnyValue:")) {
                qualifier = ConditionClause.Qualifier.FOR_ANY_VALUE;
                base = base.substring("ForAnyValue:".length());
            } else if (base.startsWith("ForAllValues:")) {
                qualifier = ConditionClause.Qualifier.FOR_ALL_VALUES;
                base = base.substring("ForAllValues:".length());
            }
            boolean ifExists = base.endsWith("IfExists") && !base.equals("IfExists");
            if (ifExists) {
                base = base.substring(0, base.length() - "IfExists".length());
            }
            ConditionOperator operator = ConditionOperator.named(base)
                    .orElseThrow(
                            () -> new MalformedPolicyException(where + ": invalid Condition type \"" + name + "\""));
            if (operator == ConditionOperator.NULL && (ifExists || qualifier != ConditionClause.Qualifier.NONE)) {
                throw new MalformedPolicyException(
                        where + ": invalid Condition type \"" + name + "\" (Null takes no IfExists or set operator)");
            }
            JsonNode keys = entry.getValue();
            if (!keys.isObject() || keys.isEmpty()) {
                throw new MalformedPolicyException(element + " must be a non-empty object of condition keys");
            }
            for (Iterator<Map.Entry<String, JsonNode>> k = keys.fields(); k.hasNext(); ) {
                Map.Entry<String, JsonNode> key = k.next();
                clauses.add(clause(
                        operator,
                        qualifier,
                        ifExists,
                        key.getKey(),
                        key.getValue(),
                        element,
                        variables && operator.allowsVariables()));
            }
        }
        return clauses;
    }

    private static ConditionClause clause(
            ConditionOperator operator,
            ConditionClause.Qualifier qualifier,
            boolean ifExists,
            String key,
            JsonNode valueNode,
            String element,
            boolean variables) {
        if (!CONDITION_KEY.matcher(key).matches()) {
            throw new MalformedPolicyException(
                    element + ": condition key \"" + key + "\" must be 1 to 256 printable characters without spaces");
        }
        String where = element + " " + key;
        List<String> texts = conditionValues(valueNode, where);
        List<ConditionValue> values = new ArrayList<>();
        List<Boolean> nullValues = new ArrayList<>();
        for (String text : texts) {
            if (operator == ConditionOperator.NULL) {
                if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                    throw new MalformedPolicyException(
                            where + ": Null takes \"true\" or \"false\", got \"" + text + "\"");
                }
                nullValues.add(Boolean.parseBoolean(text.toLowerCase(Locale.ROOT)));
            } else {
                values.add(ConditionValue.compile(operator.type, text, variables, where));
            }
        }
        return new ConditionClause(
                operator, qualifier, ifExists, key.toLowerCase(Locale.ROOT), key, values, nullValues);
    }

    /** A condition's values: a string, number or boolean, or a non-empty array of them. */
    private static List<String> conditionValues(JsonNode node, String where) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
            if (items.isEmpty()) {
                throw new MalformedPolicyException(where + " must not be an empty list");
            }
        } else {
            items.add(node);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isTextual() && !item.isNumber() && !item.isBoolean()) {
                throw new MalformedPolicyException(
                        where + " values must be strings, numbers or booleans, got " + item.getNodeType());
            }
            out.add(item.asText());
        }
        return out;
    }
}
