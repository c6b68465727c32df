package dev.signet.core.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One value of a condition, compiled for its operator's type when the policy is parsed; a value
 * the type cannot read (a number that is not one, a date, an address) is refused then. A request
 * value the type cannot read matches no policy value.
 */
interface ConditionValue {
    boolean matches(String requestValue, RequestContext context);

    Pattern NUMBER = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");
    Pattern EPOCH = Pattern.compile("-?\\d{1,15}");

    static ConditionValue compile(ConditionOperator.Type type, String text, boolean variables, String where) {
        return switch (type) {
            case STRING -> string(PolicyString.compile(text, false, variables, false));
            case STRING_IGNORE_CASE -> string(PolicyString.compile(text, false, variables, true));
            case STRING_LIKE -> string(PolicyString.compile(text, true, variables, false));
            case NUMERIC_EQ, NUMERIC_LT, NUMERIC_LE, NUMERIC_GT, NUMERIC_GE ->
                numeric(
                        type,
                        number(text)
                                .orElseThrow(() ->
                                        new MalformedPolicyException(where + ": \"" + text + "\" is not a number")));
            case DATE_EQ, DATE_LT, DATE_LE, DATE_GT, DATE_GE ->
                date(
                        type,
                        instant(text)
                                .orElseThrow(() -> new MalformedPolicyException(
                                        where + ": \"" + text + "\" is not an ISO 8601 date or epoch seconds")));
            case BOOL -> bool(text, where);
            case BINARY -> binary(text, where);
            case IP -> {
                Cidr cidr = Cidr.parse(text)
                        .orElseThrow(() -> new MalformedPolicyException(
                                where + ": \"" + text + "\" is not an IPv4 or IPv6 address or CIDR block"));
                yield (value, context) -> cidr.contains(value);
            }
            case ARN -> {
                ArnPattern arn = ArnPattern.compile(text, variables, where + " value");
                yield (value, context) -> arn.matches(value, ArnPattern.split(value), context);
            }
            case NULL -> throw new IllegalArgumentException("Null values are not compiled");
        };
    }

    private static ConditionValue string(PolicyString pattern) {
        return pattern::matches;
    }

    private static ConditionValue numeric(ConditionOperator.Type type, BigDecimal policy) {
        return (value, context) ->
                number(value).map(v -> compare(type, v.compareTo(policy))).orElse(false);
    }

    private static ConditionValue date(ConditionOperator.Type type, Instant policy) {
        return (value, context) ->
                instant(value).map(v -> compare(type, v.compareTo(policy))).orElse(false);
    }

    private static boolean compare(ConditionOperator.Type type, int order) {
        return switch (type) {
            case NUMERIC_EQ, DATE_EQ -> order == 0;
            case NUMERIC_LT, DATE_LT -> order < 0;
            case NUMERIC_LE, DATE_LE -> order <= 0;
            case NUMERIC_GT, DATE_GT -> order > 0;
            case NUMERIC_GE, DATE_GE -> order >= 0;
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    private static ConditionValue bool(String text, String where) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new MalformedPolicyException(where + ": \"" + text + "\" is not true or false");
        }
        return (value, context) -> value.equalsIgnoreCase(text);
    }

    private static ConditionValue binary(String text, String where) {
        byte[] policy;
        try {
            policy = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedPolicyException(where + ": \"" + text + "\" is not base64");
        }
        return (value, context) -> {
            try {
                return Arrays.equals(policy, Base64.getDecoder().decode(value));
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
    }

    static Optional<BigDecimal> number(String text) {
        return NUMBER.matcher(text).matches() ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    /** ISO 8601 (date-time with offset, date-time taken as UTC, or date) or epoch seconds. */
    static Optional<Instant> instant(String text) {
        if (text.length() > 40) {
            return Optional.empty();
        }
        if (EPOCH.matcher(text).matches()) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            // not with an offset: try the forms without one
        }
        try {
            return Optional.of(LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            // not a local date-time either
        }
        try {
            return Optional.of(LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
