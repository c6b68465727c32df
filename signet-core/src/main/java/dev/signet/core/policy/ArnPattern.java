package dev.signet.core.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A resource in a policy: {@code *}, or an ARN matched as IAM does, segment by segment
 * ({@code arn:partition:service:region:account:resource}); {@code *} and {@code ?} match within
 * their segment only, except in the resource segment, which runs to the end and may hold colons.
 * Matching is case-sensitive. Variables are allowed where the policy's version allows them.
 */
final class ArnPattern {
    static final int SEGMENTS = 6;

    private final String text;
    private final PolicyString[] segments; // null for "*"
    private final String prefix; // the literal characters before the first wildcard or variable

    private ArnPattern(String text, PolicyString[] segments, String prefix) {
        this.text = text;
        this.segments = segments;
        this.prefix = prefix;
    }

    /**
     * Compiles {@code text} (a Resource element value or an Arn condition value).
     *
     * @throws MalformedPolicyException if it is neither {@code *} nor an ARN with six segments and a
     *     partition and service
     */
    static ArnPattern compile(String text, boolean variables, String where) {
        if (text.equals("*")) {
            return new ArnPattern(text, null, "");
        }
        List<Object> tokens = PolicyString.tokens(text, true, variables);
        List<List<Object>> parts = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (Object token : tokens) {
            if (parts.size() < SEGMENTS - 1 && token instanceof Integer code && code == ':') {
                parts.add(current);
                current = new ArrayList<>();
            } else {
                current.add(token);
            }
        }
        parts.add(current);
        if (parts.size() != SEGMENTS || !parts.get(0).equals(List.of((int) 'a', (int) 'r', (int) 'n'))) {
            throw new MalformedPolicyException(where + " \"" + text
                    + "\" must be in ARN format (arn:partition:service:region:account:resource) or \"*\"");
        }
        if (parts.get(1).isEmpty() || parts.get(2).isEmpty()) {
            throw new MalformedPolicyException(where + " \"" + text + "\" must name a partition and a service");
        }
        PolicyString[] compiled = new PolicyString[SEGMENTS - 1];
        for (int k = 1; k < SEGMENTS; k++) {
            compiled[k - 1] = PolicyString.of(parts.get(k), false);
        }
        StringBuilder prefix = new StringBuilder();
        for (Object token : tokens) {
            if (!(token instanceof Integer code) || code < 0) {
                break;
            }
            prefix.append((char) code.intValue());
        }
        return new ArnPattern(text, compiled, prefix.toString());
    }

    /** Splits a request ARN into its six segments, or null when it is not an ARN. */
    static String[] split(String arn) {
        if (!arn.startsWith("arn:")) {
            return null;
        }
        String[] out = new String[SEGMENTS];
        int from = 0;
        for (int k = 0; k < SEGMENTS - 1; k++) {
            int colon = arn.indexOf(':', from);
            if (colon < 0) {
                return null;
            }
            out[k] = arn.substring(from, colon);
            from = colon + 1;
        }
        out[SEGMENTS - 1] = arn.substring(from);
        return out;
    }

    boolean matchesAnything() {
        return segments == null;
    }

    /**
     * Whether a resource matches: {@code raw} is the ARN, {@code arn} its {@link #split} (null if not
     * an ARN). The pattern's literal prefix (which may span segments, colons included) is checked on
     * the raw text first: most statements of a large policy set are rejected by that alone.
     */
    boolean matches(String raw, String[] arn, RequestContext context) {
        if (segments == null) {
            return true;
        }
        if (arn == null || !raw.startsWith(prefix)) {
            return false;
        }
        for (int k = 0; k < segments.length; k++) {
            if (!segments[k].matches(arn[k + 1], context)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
