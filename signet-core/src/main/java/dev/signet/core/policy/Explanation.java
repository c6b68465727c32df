package dev.signet.core.policy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decision with what IAM's policy simulation reports about it ({@link PolicyEvaluator#explain}).
 *
 * @param decision exactly what {@link PolicyEvaluator#evaluate} decides for the same request
 * @param byType each policy type's own result, for the types the set has (identity-based always;
 *     resource-based and boundary when present): EXPLICIT_DENY when one of its statements denies,
 *     ALLOWED when one allows, else IMPLICIT_DENY. A resource-based statement counts only when its
 *     Principal names the caller.
 * @param missingContextKeys the condition keys (spelled as the first policy that reads them spells
 *     them, sorted by lower-cased name) that statements whose Action and Resource match the request
 *     read and the context lacks; {@code Null} conditions are not counted, since absence is what
 *     they test
 */
public record Explanation(
        Decision decision, Map<PolicyType, Decision.Outcome> byType, List<String> missingContextKeys) {
    public Explanation {
        Objects.requireNonNull(decision, "decision");
        byType = Map.copyOf(byType);
        missingContextKeys = List.copyOf(missingContextKeys);
    }
}
