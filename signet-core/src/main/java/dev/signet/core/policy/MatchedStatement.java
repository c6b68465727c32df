package dev.signet.core.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * A statement that took part in a decision: which policy (by its {@link AttachedPolicy#name}), in
 * which role, its position (from 0) and its Sid. What SimulatePrincipalPolicy reports as
 * MatchedStatements.
 */
public record MatchedStatement(PolicyType type, String policyName, int index, Optional<String> sid, Effect effect) {
    public MatchedStatement {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(effect, "effect");
    }
}
