package dev.signet.core.policy;

import java.util.Base64;

/**
 * Whether a request value can be read as a condition operator's type, by the same readers the
 * evaluator uses: what a caller that builds a {@link RequestContext} from typed input (IAM's
 * simulation ContextEntries) checks first, since the evaluator quietly lets a value it cannot read
 * match nothing.
 */
public final class ContextValues {
    private ContextValues() {}

    /** A decimal number as the Numeric operators read it. */
    public static boolean isNumber(String value) {
        return ConditionValue.number(value).isPresent();
    }

    /** An ISO 8601 date or date-time, or epoch seconds, as the Date operators read it. */
    public static boolean isDate(String value) {
        return ConditionValue.instant(value).isPresent();
    }

    /** {@code true} or {@code false} in any case, as Bool reads it. */
    public static boolean isBoolean(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false");
    }

    /** An IPv4 or IPv6 address (or CIDR block), as IpAddress reads it. */
    public static boolean isIp(String value) {
        return Cidr.parse(value).isPresent();
    }

    /** Base64, as BinaryEquals reads it. */
    public static boolean isBinary(String value) {
        try {
            Base64.getDecoder().decode(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
