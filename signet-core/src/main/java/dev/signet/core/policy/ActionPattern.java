package dev.signet.core.policy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An action in a policy: {@code *}, or {@code service:name} where the service prefix is literal
 * and the name may hold {@code *} and {@code ?}. Matched case-insensitively, as IAM does.
 */
final class ActionPattern {
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_*?-]{1,128}");

    private final String text;
    private final WildcardPattern pattern;

    private ActionPattern(String text, WildcardPattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /**
     * @throws MalformedPolicyException if the value is not {@code *} nor {@code service:name}, or
     *     the service prefix holds a wildcard
     */
    static ActionPattern compile(String text) {
        if (text.equals("*")) {
            return new ActionPattern(text, new WildcardPattern(new int[] {Glob.STAR}));
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        if (colon < 0) {
            throw new MalformedPolicyException("Action \"" + text
                    + "\" must be \"*\" or service:action (a service prefix, a colon, an action name)");
        }
        String service = lower.substring(0, colon);
        String name = lower.substring(colon + 1);
        if (!SERVICE.matcher(service).matches()) {
            throw new MalformedPolicyException(
                    "Action \"" + text
                            + "\": the service prefix must be fully qualified (letters, digits, hyphens) and cannot contain wildcards");
        }
        if (!NAME.matcher(name).matches()) {
            throw new MalformedPolicyException("Action \"" + text
                    + "\": the action name may hold only letters, digits, '_', '-' and the wildcards * and ?");
        }
        int[] codes = new int[lower.length()];
        for (int k = 0; k < codes.length; k++) {
            char c = lower.charAt(k);
            codes[k] = c == '*' ? Glob.STAR : c == '?' ? Glob.ONE : c;
        }
        return new ActionPattern(text, new WildcardPattern(codes));
    }

    /** {@code lowerCaseAction}: the request's action, already lower case. */
    boolean matches(String lowerCaseAction) {
        return pattern.matches(lowerCaseAction);
    }

    @Override
    public String toString() {
        return text;
    }
}
