package dev.signet.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed and compiled policy document: immutable, so one instance serves every request (see
 * {@link PolicyCache}). Only {@link PolicyParser} makes one.
 */
public final class Policy {
    public static final String VERSION_2012 = "2012-10-17";
    public static final String VERSION_2008 = "2008-10-17";

    private final PolicyKind kind;
    private final String version;
    private final Optional<String> id;
    private final List<Statement> statements;
    private final List<StatementSpan> spans;

    Policy(
            PolicyKind kind,
            String version,
            Optional<String> id,
            List<Statement> statements,
            List<StatementSpan> spans) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.version = Objects.requireNonNull(version, "version");
        this.id = Objects.requireNonNull(id, "id");
        this.statements = List.copyOf(statements);
        this.spans = spans.size() == statements.size() ? List.copyOf(spans) : List.of();
    }

    public PolicyKind kind() {
        return kind;
    }

    /** 2012-10-17, or 2008-10-17 (also when the document has no Version); only 2012-10-17 reads policy variables. */
    public String version() {
        return version;
    }

    public Optional<String> id() {
        return id;
    }

    public int statementCount() {
        return statements.size();
    }

    /** Where statement {@code index} (from 0, as {@link MatchedStatement#index}) is in the document. */
    public Optional<StatementSpan> span(int index) {
        return index >= 0 && index < spans.size() ? Optional.of(spans.get(index)) : Optional.empty();
    }

    List<Statement> statements() {
        return statements;
    }
}
