package dev.signet.core.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The condition operators IAM defines (without the {@code IfExists} suffix and the set
 * qualifiers, which {@link ConditionClause} carries). A negated operator is the negation of its
 * positive twin: with several policy values it is true when the request value matches none of
 * them, and it is true when the key is absent.
 */
enum ConditionOperator {
    STRING_EQUALS("StringEquals", Type.STRING, false),
    STRING_NOT_EQUALS("StringNotEquals", Type.STRING, true),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Type.STRING_IGNORE_CASE, false),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Type.STRING_IGNORE_CASE, true),
    STRING_LIKE("StringLike", Type.STRING_LIKE, false),
    STRING_NOT_LIKE("StringNotLike", Type.STRING_LIKE, true),
    NUMERIC_EQUALS("NumericEquals", Type.NUMERIC_EQ, false),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Type.NUMERIC_EQ, true),
    NUMERIC_LESS_THAN("NumericLessThan", Type.NUMERIC_LT, false),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Type.NUMERIC_LE, false),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Type.NUMERIC_GT, false),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Type.NUMERIC_GE, false),
    DATE_EQUALS("DateEquals", Type.DATE_EQ, false),
    DATE_NOT_EQUALS("DateNotEquals", Type.DATE_EQ, true),
    DATE_LESS_THAN("DateLessThan", Type.DATE_LT, false),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Type.DATE_LE, false),
    DATE_GREATER_THAN("DateGreaterThan", Type.DATE_GT, false),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Type.DATE_GE, false),
    BOOL("Bool", Type.BOOL, false),
    BINARY_EQUALS("BinaryEquals", Type.BINARY, false),
    IP_ADDRESS("IpAddress", Type.IP, false),
    NOT_IP_ADDRESS("NotIpAddress", Type.IP, true),
    ARN_EQUALS("ArnEquals", Type.ARN, false),
    ARN_LIKE("ArnLike", Type.ARN, false),
    ARN_NOT_EQUALS("ArnNotEquals", Type.ARN, true),
    ARN_NOT_LIKE("ArnNotLike", Type.ARN, true),
    NULL("Null", Type.NULL, false);

    /** How a value is compared. */
    enum Type {
        STRING,
        STRING_IGNORE_CASE,
        STRING_LIKE,
        NUMERIC_EQ,
        NUMERIC_LT,
        NUMERIC_LE,
        NUMERIC_GT,
        NUMERIC_GE,
        DATE_EQ,
        DATE_LT,
        DATE_LE,
        DATE_GT,
        DATE_GE,
        BOOL,
        BINARY,
        IP,
        ARN,
        NULL
    }

    private static final Map<String, ConditionOperator> BY_NAME = new HashMap<>();

    static {
        for (ConditionOperator operator : values()) {
            BY_NAME.put(operator.awsName, operator);
        }
    }

    final String awsName;
    final Type type;
    final boolean negated;

    ConditionOperator(String awsName, Type type, boolean negated) {
        this.awsName = awsName;
        this.type = type;
        this.negated = negated;
    }

    /** The operator with this exact (case-sensitive) name. */
    static Optional<ConditionOperator> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Whether policy variables may appear in this operator's values (String and Arn operators). */
    boolean allowsVariables() {
        return type == Type.STRING || type == Type.STRING_IGNORE_CASE || type == Type.STRING_LIKE || type == Type.ARN;
    }
}
