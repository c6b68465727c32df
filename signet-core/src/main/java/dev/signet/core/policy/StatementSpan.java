package dev.signet.core.policy;

/**
 * Where a statement is in its policy document: the line and column (both from 1, columns counted
 * in characters) of its opening brace and of its closing brace. What IAM's simulation reports as a
 * matched statement's StartPosition and EndPosition.
 */
public record StatementSpan(int startLine, int startColumn, int endLine, int endColumn) {
    public StatementSpan {
        if (startLine < 1 || startColumn < 1 || endLine < startLine || endColumn < 1) {
            throw new IllegalArgumentException(
                    "not a span: " + startLine + ":" + startColumn + "-" + endLine + ":" + endColumn);
        }
    }
}
