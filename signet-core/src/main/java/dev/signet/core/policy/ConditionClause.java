package dev.signet.core.policy;

import java.util.List;

/**
 * One condition key under one operator, with its values: the unit IAM evaluates. The values are
 * ORed (for a negated operator: the request value must match none); the clauses of a statement
 * are ANDed.
 *
 * <p>Without a set qualifier, an absent key makes the clause false, or true for a negated
 * operator or an {@code IfExists} form; a key with several values matches when any value does
 * (a negated operator: when none does). {@code ForAnyValue:} is true when at least one request
 * value matches (false when the key is absent or empty); {@code ForAllValues:} when every request
 * value matches (true when the key is absent or empty). {@code Null} is true for "true" when the
 * key is absent and for "false" when it is present.
 *
 * @param key the condition key, lower-cased (keys are case-insensitive)
 * @param keyName the condition key as the policy spells it (what a simulation reports as missing)
 */
record ConditionClause(
        ConditionOperator operator,
        Qualifier qualifier,
        boolean ifExists,
        String key,
        String keyName,
        List<ConditionValue> values,
        List<Boolean> nullValues) {

    /** The set operator prefix. */
    enum Qualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    ConditionClause {
        values = List.copyOf(values);
        nullValues = List.copyOf(nullValues);
    }

    /**
     * Whether the clause reads a key the request does not have: what a simulation reports as a
     * missing context value. A Null clause is about the key's absence itself, so it never is.
     */
    boolean lacksKey(RequestContext context) {
        return operator != ConditionOperator.NULL
                && context.valuesLowerCaseKey(key).isEmpty();
    }

    boolean holds(RequestContext context) {
        List<String> requestValues = context.valuesLowerCaseKey(key);
        boolean present = !requestValues.isEmpty();
        if (operator == ConditionOperator.NULL) {
            return nullValues.contains(!present);
        }
        return switch (qualifier) {
            case NONE -> {
                if (!present) {
                    yield ifExists || operator.negated;
                }
                boolean any = false;
                for (String value : requestValues) {
                    if (anyPolicyValue(value, context)) {
                        any = true;
                        break;
                    }
                }
                yield operator.negated != any;
            }
            case FOR_ANY_VALUE -> {
                if (!present) {
                    yield ifExists;
                }
                for (String value : requestValues) {
                    if (operator.negated != anyPolicyValue(value, context)) {
                        yield true;
                    }
                }
                yield false;
            }
            case FOR_ALL_VALUES -> {
                for (String value : requestValues) {
                    if (operator.negated == anyPolicyValue(value, context)) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    private boolean anyPolicyValue(String requestValue, RequestContext context) {
        for (ConditionValue value : values) {
            if (value.matches(requestValue, context)) {
                return true;
            }
        }
        return false;
    }
}
