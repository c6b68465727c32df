package dev.signet.server.service.access.simulation;

import dev.signet.core.policy.Decision;
import dev.signet.core.policy.StatementSpan;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** One page of a simulation's results, in IAM's shapes (the model's {@code SimulatePolicyResponse}). */
public record SimulationResults(List<Result> results, Optional<String> marker) {
    public SimulationResults {
        results = List.copyOf(results);
        Objects.requireNonNull(marker, "marker");
    }

    /**
     * A statement that decided a result ({@code Statement}): the policy it is in (an inline policy's
     * name, a managed policy's ARN, {@code PolicyInputList.N}, {@code ResourcePolicy}, {@code
     * PermissionsBoundaryPolicyInputList.1}), that policy's source type and where the statement is.
     */
    public record Matched(String sourcePolicyId, String sourcePolicyType, Optional<StatementSpan> span) {
        public Matched {
            Objects.requireNonNull(sourcePolicyId, "sourcePolicyId");
            Objects.requireNonNull(sourcePolicyType, "sourcePolicyType");
            Objects.requireNonNull(span, "span");
        }
    }

    /**
     * One action on one resource.
     *
     * @param decisionDetails {@code EvalDecisionDetails}: absent for {@code *}; for a resource ARN
     *     empty within one account, else "IAM Policy" and "Resource Policy" with each one's result
     * @param allowedByBoundary {@code AllowedByPermissionsBoundary}, when a boundary was simulated
     */
    public record Evaluation(
            Decision.Outcome decision,
            List<Matched> matched,
            List<String> missingContextValues,
            Optional<Map<String, Decision.Outcome>> decisionDetails,
            Optional<Boolean> allowedByBoundary) {
        public Evaluation {
            Objects.requireNonNull(decision, "decision");
            matched = List.copyOf(matched);
            missingContextValues = List.copyOf(missingContextValues);
            decisionDetails = decisionDetails.map(Map::copyOf);
            Objects.requireNonNull(allowedByBoundary, "allowedByBoundary");
        }
    }

    /**
     * An {@code EvaluationResult}: for resource {@code *}, the evaluation with its missing context
     * values; for a resource ARN, the same evaluation again as its one ResourceSpecificResult,
     * which then carries the missing context values (as IAM places them).
     */
    public record Result(String action, String resource, Evaluation evaluation, boolean resourceSpecific) {
        public Result {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(evaluation, "evaluation");
        }
    }
}
