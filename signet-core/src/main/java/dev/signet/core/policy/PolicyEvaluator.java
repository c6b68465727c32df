package dev.signet.core.policy;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * AWS's evaluation logic over a {@link PolicySet}, in this order:
 *
 * <ol>
 *   <li>An applicable Deny statement in any policy (identity-based, then resource-based, then the
 *       boundary) decides EXPLICIT_DENY.
 *   <li>Within one account (the resource's account is the caller's, or the resource has none): an
 *       Allow in a resource-based policy that names the caller itself (its user or session ARN,
 *       {@code *}) decides ALLOWED whatever the identity-based policies and the boundary say; one
 *       that names the session's role ARN decides ALLOWED if the boundary (when there is one) also
 *       allows; otherwise an identity-based Allow is needed, and the boundary's Allow too. An
 *       Allow naming only the account delegates to the identity-based policies.
 *   <li>Across accounts: the caller's identity-based policies, its boundary (when there is one)
 *       and the resource-based policy must all allow.
 *   <li>A trust policy (kind TRUST) must allow in every case, as AWS requires for AssumeRole.
 *   <li>Otherwise IMPLICIT_DENY, naming the policy type that lacks an allow.
 * </ol>
 *
 * The account root user has every permission in its own account (only an explicit deny stops it);
 * services, web identities and anonymous callers need the resource-based policy's allow. Stateless
 * and thread-safe; it never throws for a well-formed context.
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public static Decision evaluate(PolicySet policies, RequestContext context) {
        return decide(policies, context, null);
    }

    /**
     * The same decision as {@link #evaluate}, made by the same code, with what IAM's policy
     * simulation reports beside it: each policy type's own result and the condition keys the
     * applicable statements read that the context lacks. Costs more than {@code evaluate} (every
     * statement whose Action and Resource match has all its conditions inspected), so the request
     * path never calls it.
     */
    public static Explanation explain(PolicySet policies, RequestContext context) {
        Trace trace = new Trace();
        Decision decision = decide(policies, context, trace);
        return trace.explanation(decision, policies);
    }

    private static Decision decide(PolicySet policies, RequestContext context, Trace trace) {
        CallerPrincipal caller = context.principal();
        List<MatchedStatement> denies = new ArrayList<>(0);
        List<MatchedStatement> identityAllows = new ArrayList<>(2);
        for (AttachedPolicy policy : policies.identity()) {
            collect(policy, PolicyType.IDENTITY, context, denies, identityAllows, trace);
        }
        List<MatchedStatement> resourceAllows = new ArrayList<>(0);
        PrincipalSpec.Match resourceMatch = PrincipalSpec.Match.NONE;
        if (policies.resource().isPresent()) {
            AttachedPolicy policy = policies.resource().get();
            for (Statement statement : policy.policy().statements()) {
                PrincipalSpec.Match match = statement.principalMatch(caller);
                if (trace != null && match != PrincipalSpec.Match.NONE) {
                    statement.missingKeys(context, trace.missing);
                }
                if (match == PrincipalSpec.Match.NONE || !statement.applies(context)) {
                    continue;
                }
                MatchedStatement matched = matched(policy, PolicyType.RESOURCE, statement);
                if (statement.effect() == Effect.DENY) {
                    denies.add(matched);
                } else {
                    resourceAllows.add(matched);
                    if (match.compareTo(resourceMatch) > 0) {
                        resourceMatch = match;
                    }
                }
            }
        }
        List<MatchedStatement> boundaryAllows = new ArrayList<>(0);
        if (policies.boundary().isPresent()) {
            collect(policies.boundary().get(), PolicyType.PERMISSIONS_BOUNDARY, context, denies, boundaryAllows, trace);
        }
        if (trace != null) {
            trace.matched(denies, identityAllows, resourceAllows, boundaryAllows);
        }
        if (!denies.isEmpty()) {
            return new Decision(
                    Decision.Outcome.EXPLICIT_DENY,
                    denies,
                    Optional.of(denies.get(0).type()));
        }
        boolean trust = policies.resource()
                .map(p -> p.policy().kind() == PolicyKind.TRUST)
                .orElse(false);
        if (trust && resourceMatch == PrincipalSpec.Match.NONE) {
            return implicit(PolicyType.RESOURCE);
        }
        boolean boundaryOk = policies.boundary().isEmpty() || !boundaryAllows.isEmpty();
        boolean identityOk = !identityAllows.isEmpty();
        return switch (caller.type()) {
            case ROOT ->
                context.sameAccount() || resourceMatch != PrincipalSpec.Match.NONE
                        ? allowed(resourceAllows, List.of())
                        : implicit(PolicyType.RESOURCE);
            case SERVICE, WEB_IDENTITY, ANONYMOUS ->
                resourceMatch == PrincipalSpec.Match.DIRECT
                        ? allowed(resourceAllows, List.of())
                        : implicit(PolicyType.RESOURCE);
            case USER, ROLE_SESSION -> {
                if (context.sameAccount()) {
                    if (resourceMatch == PrincipalSpec.Match.DIRECT) {
                        yield allowed(resourceAllows, boundaryOk ? identityAllows : List.of());
                    }
                    if (resourceMatch == PrincipalSpec.Match.ROLE && boundaryOk) {
                        yield allowed(resourceAllows, identityAllows);
                    }
                    if (identityOk && boundaryOk) {
                        yield allowed(identityAllows, resourceAllows);
                    }
                    yield implicit(
                            identityOk || resourceMatch == PrincipalSpec.Match.ROLE
                                    ? PolicyType.PERMISSIONS_BOUNDARY
                                    : PolicyType.IDENTITY);
                }
                if (!identityOk) {
                    yield implicit(PolicyType.IDENTITY);
                }
                if (!boundaryOk) {
                    yield implicit(PolicyType.PERMISSIONS_BOUNDARY);
                }
                yield resourceMatch == PrincipalSpec.Match.NONE
                        ? implicit(PolicyType.RESOURCE)
                        : allowed(identityAllows, resourceAllows);
            }
        };
    }

    private static void collect(
            AttachedPolicy policy,
            PolicyType type,
            RequestContext context,
            List<MatchedStatement> denies,
            List<MatchedStatement> allows,
            Trace trace) {
        for (Statement statement : policy.policy().statements()) {
            if (trace != null) {
                statement.missingKeys(context, trace.missing);
            }
            if (statement.applies(context)) {
                (statement.effect() == Effect.DENY ? denies : allows).add(matched(policy, type, statement));
            }
        }
    }

    private static MatchedStatement matched(AttachedPolicy policy, PolicyType type, Statement statement) {
        return new MatchedStatement(type, policy.name(), statement.index(), statement.sid(), statement.effect());
    }

    private static Decision allowed(List<MatchedStatement> first, List<MatchedStatement> second) {
        List<MatchedStatement> all = new ArrayList<>(first.size() + second.size());
        all.addAll(first);
        all.addAll(second);
        return new Decision(Decision.Outcome.ALLOWED, all, Optional.empty());
    }

    private static Decision implicit(PolicyType missing) {
        return new Decision(Decision.Outcome.IMPLICIT_DENY, List.of(), Optional.of(missing));
    }

    /** What {@link #explain} gathers while deciding. */
    private static final class Trace {
        final Map<String, String> missing = new TreeMap<>();
        private final Map<PolicyType, List<MatchedStatement>> allows = new EnumMap<>(PolicyType.class);
        private List<MatchedStatement> denies = List.of();

        void matched(
                List<MatchedStatement> denies,
                List<MatchedStatement> identity,
                List<MatchedStatement> resource,
                List<MatchedStatement> boundary) {
            this.denies = List.copyOf(denies);
            allows.put(PolicyType.IDENTITY, List.copyOf(identity));
            allows.put(PolicyType.RESOURCE, List.copyOf(resource));
            allows.put(PolicyType.PERMISSIONS_BOUNDARY, List.copyOf(boundary));
        }

        Explanation explanation(Decision decision, PolicySet policies) {
            Map<PolicyType, Decision.Outcome> byType = new EnumMap<>(PolicyType.class);
            byType.put(PolicyType.IDENTITY, outcome(PolicyType.IDENTITY));
            policies.resource().ifPresent(p -> byType.put(PolicyType.RESOURCE, outcome(PolicyType.RESOURCE)));
            policies.boundary()
                    .ifPresent(
                            p -> byType.put(PolicyType.PERMISSIONS_BOUNDARY, outcome(PolicyType.PERMISSIONS_BOUNDARY)));
            return new Explanation(decision, byType, List.copyOf(missing.values()));
        }

        private Decision.Outcome outcome(PolicyType type) {
            for (MatchedStatement deny : denies) {
                if (deny.type() == type) {
                    return Decision.Outcome.EXPLICIT_DENY;
                }
            }
            return allows.getOrDefault(type, List.of()).isEmpty()
                    ? Decision.Outcome.IMPLICIT_DENY
                    : Decision.Outcome.ALLOWED;
        }
    }
}
