package dev.signet.core.policy;

/**
 * A compiled {@link Glob} pattern with the fast paths most policy strings allow: a pattern without
 * wildcards is compared with {@link String#equals}, and any input that does not start with the
 * pattern's literal prefix is rejected before the wildcard match runs.
 */
final class WildcardPattern {
    private final int[] codes;
    private final String literal; // the whole pattern when it has no wildcard, else null
    private final String prefix; // the literal characters before the first wildcard

    WildcardPattern(int[] codes) {
        this.codes = codes;
        int wildcard = 0;
        while (wildcard < codes.length && codes[wildcard] >= 0) {
            wildcard++;
        }
        StringBuilder text = new StringBuilder(wildcard);
        for (int k = 0; k < wildcard; k++) {
            text.append((char) codes[k]);
        }
        this.prefix = text.toString();
        this.literal = wildcard == codes.length ? prefix : null;
    }

    boolean isAnything() {
        return codes.length == 1 && codes[0] == Glob.STAR;
    }

    boolean matches(String input) {
        if (literal != null) {
            return literal.equals(input);
        }
        return input.startsWith(prefix) && Glob.matches(codes, input);
    }
}
