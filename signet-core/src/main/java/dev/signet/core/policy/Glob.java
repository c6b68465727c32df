package dev.signet.core.policy;

/**
 * IAM's wildcard match over a compiled pattern: each element is a UTF-16 code unit to match
 * literally, {@link #STAR} (any run, also empty) or {@link #ONE} (exactly one). Greedy with
 * backtracking to the last star only, so a match costs at most pattern length times input length,
 * whatever the input (no regular expressions, no exponential backtracking).
 */
final class Glob {
    static final int STAR = -1;
    static final int ONE = -2;

    private Glob() {}

    static boolean matches(int[] pattern, CharSequence input) {
        int p = 0;
        int i = 0;
        int star = -1;
        int mark = 0;
        int n = input.length();
        while (i < n) {
            if (p < pattern.length && (pattern[p] == ONE || pattern[p] == input.charAt(i))) {
                p++;
                i++;
            } else if (p < pattern.length && pattern[p] == STAR) {
                star = p++;
                mark = i;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == STAR) {
            p++;
        }
        return p == pattern.length;
    }
}
