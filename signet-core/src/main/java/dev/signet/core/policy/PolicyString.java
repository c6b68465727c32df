package dev.signet.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A string from a policy (a resource ARN, a condition value) compiled once: literal characters,
 * the wildcards {@code *} and {@code ?} where the element allows them, and policy variables
 * ({@code ${aws:username}}, with an optional default {@code ${key, 'text'}}) where the policy's
 * version allows them. {@code ${*}}, {@code ${?}} and {@code ${$}} are the literal characters. A
 * variable's value is always literal text (a {@code *} in a user name matches only {@code *}); a
 * variable whose key is absent or multi-valued, and has no default, makes the string match
 * nothing.
 */
final class PolicyString {
    /** A policy variable: the condition key it reads (lower case) and its default, if any. */
    record Variable(String key, String defaultValue) {}

    private final Object[] parts; // int[] (compiled codes) or Variable
    private final int[] constant; // the whole pattern when there is no variable
    private final WildcardPattern constantPattern; // the same, with its fast paths
    private final String prefix; // the literal characters before the first variable or wildcard
    private final boolean lowerCase;

    private PolicyString(List<Object> tokens, boolean lowerCase) {
        this.lowerCase = lowerCase;
        List<Object> parts = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        for (Object token : tokens) {
            if (token instanceof Integer code) {
                int c = code;
                run.add(lowerCase && c >= 0 ? Character.toLowerCase((char) c) : c);
            } else {
                flush(run, parts);
                parts.add(token);
            }
        }
        flush(run, parts);
        this.parts = parts.toArray();
        this.constant = parts.stream().allMatch(p -> p instanceof int[])
                ? (parts.isEmpty() ? new int[0] : concat(parts))
                : null;
        this.constantPattern = constant == null ? null : new WildcardPattern(constant);
        StringBuilder literal = new StringBuilder();
        if (!parts.isEmpty() && parts.get(0) instanceof int[] first) {
            for (int code : first) {
                if (code < 0) {
                    break;
                }
                literal.append((char) code);
            }
        }
        this.prefix = literal.toString();
    }

    private static void flush(List<Integer> run, List<Object> parts) {
        if (!run.isEmpty()) {
            parts.add(run.stream().mapToInt(Integer::intValue).toArray());
            run.clear();
        }
    }

    private static int[] concat(List<Object> parts) {
        int size = 0;
        for (Object part : parts) {
            size += ((int[]) part).length;
        }
        int[] out = new int[size];
        int at = 0;
        for (Object part : parts) {
            int[] codes = (int[]) part;
            System.arraycopy(codes, 0, out, at, codes.length);
            at += codes.length;
        }
        return out;
    }

    static PolicyString compile(String text, boolean wildcards, boolean variables, boolean lowerCase) {
        return new PolicyString(tokens(text, wildcards, variables), lowerCase);
    }

    static PolicyString of(List<Object> tokens, boolean lowerCase) {
        return new PolicyString(tokens, lowerCase);
    }

    /**
     * The tokens of {@code text}: Integer codes (characters, {@link Glob#STAR}, {@link Glob#ONE})
     * and {@link Variable}s.
     */
    static List<Object> tokens(String text, boolean wildcards, boolean variables) {
        List<Object> out = new ArrayList<>(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    throw new MalformedPolicyException("the policy variable in \"" + text + "\" is not closed with }");
                }
                out.add(variable(text.substring(i + 2, end), text));
                i = end + 1;
            } else if (wildcards && c == '*') {
                out.add(Glob.STAR);
                i++;
            } else if (wildcards && c == '?') {
                out.add(Glob.ONE);
                i++;
            } else {
                out.add((int) c);
                i++;
            }
        }
        return out;
    }

    private static Object variable(String inner, String text) {
        switch (inner) {
            case "*":
                return (int) '*';
            case "?":
                return (int) '?';
            case "$":
                return (int) '$';
            default:
                break;
        }
        int comma = inner.indexOf(',');
        String key = (comma < 0 ? inner : inner.substring(0, comma)).trim();
        if (key.isEmpty() || key.indexOf('$') >= 0 || key.indexOf('{') >= 0 || key.indexOf('\'') >= 0) {
            throw new MalformedPolicyException(
                    "the policy variable ${" + inner + "} in \"" + text + "\" has no valid key name");
        }
        String defaultValue = null;
        if (comma >= 0) {
            String quoted = inner.substring(comma + 1).trim();
            if (quoted.length() < 2 || quoted.charAt(0) != '\'' || quoted.charAt(quoted.length() - 1) != '\'') {
                throw new MalformedPolicyException("the default of the policy variable ${" + inner + "} in \"" + text
                        + "\" must be quoted with '");
            }
            String body = quoted.substring(1, quoted.length() - 1);
            if (body.replace("''", "").indexOf('\'') >= 0) {
                throw new MalformedPolicyException(
                        "the default of the policy variable ${" + inner + "} in \"" + text + "\" has an unpaired '");
            }
            defaultValue = body.replace("''", "'");
        }
        return new Variable(key.toLowerCase(Locale.ROOT), defaultValue);
    }

    boolean hasVariables() {
        return constant == null;
    }

    /** The compiled pattern for this request, or null when a variable has no value. */
    int[] resolve(RequestContext context) {
        if (constant != null) {
            return constant;
        }
        String[] values = new String[parts.length];
        int size = 0;
        for (int k = 0; k < parts.length; k++) {
            if (parts[k] instanceof int[] literal) {
                size += literal.length;
            } else {
                Variable variable = (Variable) parts[k];
                String value = context.singleValue(variable.key()).orElse(variable.defaultValue());
                if (value == null) {
                    return null;
                }
                values[k] = lowerCase ? value.toLowerCase(Locale.ROOT) : value;
                size += values[k].length();
            }
        }
        int[] out = new int[size];
        int at = 0;
        for (int k = 0; k < parts.length; k++) {
            if (parts[k] instanceof int[] literal) {
                System.arraycopy(literal, 0, out, at, literal.length);
                at += literal.length;
            } else {
                String value = values[k];
                for (int c = 0; c < value.length(); c++) {
                    out[at++] = value.charAt(c);
                }
            }
        }
        return out;
    }

    /** Whether {@code input} matches this string for the request (false when a variable has no value). */
    boolean matches(String input, RequestContext context) {
        String subject = lowerCase ? input.toLowerCase(Locale.ROOT) : input;
        if (constantPattern != null) {
            return constantPattern.matches(subject);
        }
        if (!subject.startsWith(prefix)) {
            return false;
        }
        int[] pattern = resolve(context);
        return pattern != null && Glob.matches(pattern, subject);
    }
}
