package dev.signet.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one evaluation, never a bare boolean.
 *
 * @param outcome ALLOWED, EXPLICIT_DENY or IMPLICIT_DENY
 * @param matched for ALLOWED, the Allow statements that granted the request; for EXPLICIT_DENY, the
 *     Deny statements that matched; empty for IMPLICIT_DENY
 * @param deciding the policy type that decided a denial: where the explicit deny is, or which type
 *     lacked an allow (for IMPLICIT_DENY); empty for ALLOWED
 */
public record Decision(Outcome outcome, List<MatchedStatement> matched, Optional<PolicyType> deciding) {
    /** AWS's three results: allowed, explicitDeny, implicitDeny. */
    public enum Outcome {
        ALLOWED("allowed"),
        EXPLICIT_DENY("explicitDeny"),
        IMPLICIT_DENY("implicitDeny");

        private final String awsName;

        Outcome(String awsName) {
            this.awsName = awsName;
        }

        /** The EvalDecision value of IAM's simulation APIs. */
        public String awsName() {
            return awsName;
        }
    }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        matched = List.copyOf(matched);
        Objects.requireNonNull(deciding, "deciding");
        if ((outcome == Outcome.ALLOWED) == deciding.isPresent()) {
            throw new IllegalArgumentException("a denial names the deciding policy type, an allow does not");
        }
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }

    /**
     * AWS's AccessDenied message for this decision: "User: ARN is not authorized to perform: ACTION
     * on resource: RESOURCE because no identity-based policy allows the ACTION action", or "... with
     * an explicit deny in a resource-based policy".
     *
     * @throws IllegalStateException for an allowed request
     */
    public String accessDeniedMessage(RequestContext context) {
        if (allowed()) {
            throw new IllegalStateException("the request was allowed");
        }
        String head = "User: " + context.principal().arn() + " is not authorized to perform: " + context.action()
                + " on resource: " + context.resource();
        PolicyType type = deciding.orElseThrow();
        return outcome == Outcome.EXPLICIT_DENY
                ? head + " with an explicit deny in " + type.explicitDenyPhrase()
                : head + " because " + type.implicitDenyPhrase() + " allows the " + context.action() + " action";
    }
}
